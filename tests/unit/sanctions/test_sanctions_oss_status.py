import datetime as dt

from sanctions.domain.oss_status import Signer, izin_status, status_code

SIGNER = Signer("Nama Pejabat", "197001011990031001", "Kepala Dinas")


def test_allowed_is_45_and_denied_is_93():
    assert (status_code(True), status_code(False)) == ("45", "93")


def test_izin_status_carries_reasons_signer_and_the_oss_date_format():
    status = izin_status({"allowed": False, "reasons": ["TMP2T 800/1/2026", "sejak 2026-11-02"]}, SIGNER,
                         dt.datetime(2026, 12, 7, 14, 5, 9), nib="9120001234567", id_izin=None, kd_izin="K1")
    assert status == {"nib": "9120001234567", "id_izin": "", "kd_izin": "K1", "kd_status": "93",
                      "uraian_status": "Penolakan Persyaratan", "tgl_status": "2026-12-07 14:05:09",
                      "nip_status": SIGNER.nip, "nama_status": SIGNER.name, "jabatan_status": SIGNER.position,
                      "keterangan": "TMP2T 800/1/2026; sejak 2026-11-02"}
