"""The import wizard's staging (backoffice/uploads.py): a file is kept sealed on disk, previewed from its
first piece, and streamed on with only its header renamed by the mapping."""
from __future__ import annotations

import base64
import io

import pytest

from console.backoffice.impor import _mapping_errors, _proposed
from console.backoffice.impor_kinds import CANDIDATES, INVOICES
from console.backoffice.pengaturan import _percent
from console.backoffice.uploads import PIECE_BYTES, UploadRefused, Uploads
from shared.pii import FieldCipher, generate_key

PERSON = "8c0b7f7e-1f51-4d44-9a57-4f1f3c1f2d11"
ROWS = "6207015106790001;Siti Aminah;P\n6207015106790002;Rahmawati;P\n"


class Part:
    """What Starlette hands over for a multipart file part."""

    def __init__(self, data: bytes, filename: str = "dtks.csv"):
        self.file, self.filename = io.BytesIO(data), filename

    async def read(self, size: int) -> bytes:
        return self.file.read(size)


def uploads(tmp_path, max_bytes: int = 10 * PIECE_BYTES) -> Uploads:
    return Uploads(tmp_path, FieldCipher({"k1": base64.b64decode(generate_key())}, "k1"), max_bytes)


async def _all(chunks) -> bytes:
    return b"".join([c async for c in chunks])


async def test_a_staged_file_is_sealed_previewed_and_streamed_with_the_mapped_header(tmp_path):
    store = uploads(tmp_path)
    body = ("\ufeffno_nik;nama kepala;jk\n" + ROWS).encode()
    staged = await store.stage(PERSON, Part(body), "calon", {"data_source": "dtks"})
    sealed = (tmp_path / PERSON / f"{staged.id}.bin").read_bytes()
    assert b"Siti" not in sealed and b"6207015106790001" not in sealed
    header, rows = await store.preview(PERSON, staged.id)
    assert header == ["no_nik", "nama kepala", "jk"] and rows[0][1] == "Siti Aminah"
    staged.mapping = {"nik": "no_nik", "full_name": "nama kepala", "sex": ""}
    assert await _all(store.mapped(PERSON, staged)) == ("nik;full_name;abaikan_2\n" + ROWS).encode()


async def test_a_large_file_streams_back_piece_by_piece_and_too_large_is_refused(tmp_path):
    store = uploads(tmp_path, max_bytes=3 * PIECE_BYTES)
    body = b"nik,full_name\n" + b"6207015106790001,Siti\n" * (2 * PIECE_BYTES // 22)
    staged = await store.stage(PERSON, Part(body), "calon", {})
    staged.mapping = {"nik": "nik", "full_name": "full_name"}
    assert await _all(store.mapped(PERSON, staged)) == body
    with pytest.raises(UploadRefused):
        await store.stage(PERSON, Part(b"x" * (3 * PIECE_BYTES + 1)), "calon", {})
    assert [p.name for p in (tmp_path / PERSON).glob("*.bin")] == [f"{staged.id}.bin"]


async def test_another_persons_upload_is_not_found(tmp_path):
    store = uploads(tmp_path)
    staged = await store.stage(PERSON, Part(b"nik\n1\n"), "calon", {})
    assert store.get("someone-else", staged.id) is None and store.get(PERSON, "../x") is None


def test_mapping_is_proposed_from_the_headers_regencies_use_and_checked():
    proposed = _proposed(CANDIDATES, CANDIDATES.columns, ["NIK", "Nama Lengkap", "Tgl_Lahir", "desil"])
    assert (proposed["nik"], proposed["full_name"], proposed["birth_date"], proposed["poverty_rank"]) == \
        ("NIK", "Nama Lengkap", "Tgl_Lahir", "desil")
    assert set(_mapping_errors(CANDIDATES, {"nik": "a", "full_name": ""})) == {"map_full_name"}
    assert "mapping" in _mapping_errors(CANDIDATES, {"nik": "a", "full_name": "a"})
    assert set(_mapping_errors(INVOICES, {"amount": "x"})) == {"map_nik"}


def test_a_target_is_typed_in_per_cent():
    assert (_percent("75"), _percent("72,5"), _percent("72.5%"), _percent("banyak")) == (0.75, 0.725, 0.725, None)
