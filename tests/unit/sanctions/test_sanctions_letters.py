"""Letters as PDF in Indonesian: warning, sanction request and decisions."""
from __future__ import annotations

import datetime as dt

import pytest
from sanctions_builders import evidence, lamandau_imposed, new_case, pdf_text

from sanctions.domain import decide
from sanctions.letters import LetterContext, decision_letter, sanction_request_letter, tanggal, warning_letter

LAMANDAU = "Perbup Lamandau No. 25/2024"
SAMBAS = "Perbup Sambas No. 59/2025"


def context(day: dt.date, employer="PT Sawit Lestari", place="Nanga Bulik", regency="Lamandau") -> LetterContext:
    return LetterContext(letter_number="560/45/DTK/2025", letter_date=day, place=place,
                         regency_name=f"Kabupaten {regency}",
                         letterhead=(f"PEMERINTAH KABUPATEN {regency.upper()}", "DINAS TENAGA KERJA"),
                         employer_name=employer,
                         employer_address="Jl. Trans Kalimantan Km 5", signatory_title="Kepala Dinas Tenaga Kerja",
                         signatory_name="Budi Santoso")


@pytest.mark.parametrize("day, text", [(dt.date(2025, 1, 1), "1 Januari 2025"), (dt.date(2025, 5, 9), "9 Mei 2025"),
                                       (dt.date(2025, 8, 17), "17 Agustus 2025"),
                                       (dt.date(2024, 12, 31), "31 Desember 2024")])
def test_indonesian_dates(day, text):
    assert tanggal(day) == text


def test_warning_letter(profiles):
    """Sambas warns itself (Pasal 31(1)); the letter names the obligation, the deadline and what follows."""
    p = profiles["sambas"]
    on = dt.date(2026, 3, 24)
    case = evidence(new_case(p, on=on).case, p, "warning_issued", on).case
    pdf = warning_letter(case, p, context(on, place="Sambas", regency="Sambas"))
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    for expected in ("SURAT TEGURAN TERTULIS KE-1", case.number, "PT Sawit Lestari", "Sambas, 24 Maret 2026",
                     "paling lambat tanggal 8 April 2026", f"{SAMBAS} Pasal 7 ayat (2)", f"{SAMBAS} Pasal 31 ayat (1)",
                     "izin mempekerjakan tenaga kerja asing", "Dinas Tenaga Kerja (Disnaker)", "(DPMPTSP)"):
        assert expected in text, expected


def test_no_regency_warning_letter_where_bpjs_warns(profiles):
    """Lamandau's ladder has BPJS warn (PP 86/2013 Pasal 5(2)): the regency writes no warning letter."""
    p = profiles["lamandau"]
    on = dt.date(2025, 3, 24)
    case = evidence(new_case(p, on=on).case, p, "warning_issued", on).case
    with pytest.raises(ValueError, match="diberikan oleh BPJS"):
        warning_letter(case, p, context(on))


def test_sanction_request_letter_goes_to_the_regent_copied_to_agencies(profiles):
    p = profiles["lamandau"]
    on = dt.date(2025, 3, 3)
    case = new_case(p, on=on, source="bpjs_request", reference="B/100/2025").case
    case = evidence(case, p, "inspector_recommendation", on, reference="560/7/PK/2025").case
    text = pdf_text(sanction_request_letter(case, p, context(on), ["foreign_worker_permit"]))
    for expected in ("Bupati Lamandau", "B/100/2025", "560/7/PK/2025", "3 Maret 2025",
                     "Dinas Tenaga Kerja (Disnaker)", f"{LAMANDAU} Pasal 30 ayat (2) huruf c"):
        assert expected in text, expected
    assert "DPMPTSP" not in text  # only the foreign-worker permit was asked for
    # the executing agency is the signer's own office: a letter is not copied to its writer
    assert "Tembusan:" not in text
    both = pdf_text(sanction_request_letter(case, p, context(on), ["foreign_worker_permit", "business_license"]))
    copies = both.split("Tembusan:")[1]
    assert "Kepala Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu (DPMPTSP)" in copies
    assert "Disnaker" not in copies


def test_decision_letters_impose_then_lift(profiles):
    p = profiles["lamandau"]
    case = lamandau_imposed(p)
    imposed = pdf_text(decision_letter(case, p, context(dt.date(2025, 3, 3))))
    for expected in ("TENTANG PENGENAAN SANKSI ADMINISTRATIF", "NOMOR 188.45/1/2025", "Menimbang", "Mengingat",
                     "MEMUTUSKAN:", "Menetapkan", "KESATU", "LAMPIRAN KEPUTUSAN", "perizinan terkait usaha",
                     "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu (DPMPTSP)", f"{LAMANDAU} Pasal 32 huruf a",
                     f"{LAMANDAU} Pasal 31 ayat (3)", "denda telah disetor lunas"):
        assert expected in imposed, expected

    case = evidence(evidence(case, p, "fine_paid", dt.date(2025, 4, 1)).case, p, "registered", dt.date(2025, 4, 2)).case
    lifted = pdf_text(decision_letter(case, p, context(dt.date(2025, 4, 2))))
    assert "TENTANG PENCABUTAN SANKSI ADMINISTRATIF" in lifted
    assert "terhitung sejak tanggal 2 April 2025" in lifted


def test_rejection_letter(profiles):
    p = profiles["berau"]
    on = dt.date(2025, 2, 3)
    case = new_case(p, on=on, source="bpjs_request").case
    case = decide(case, decision_kind="reject", decree_number="800/3/2025", services=[], on=on, profile=p).case
    text = pdf_text(decision_letter(case, p, context(on)))
    assert "800/3/2025" in text and "Perbup Berau No. 44/2024 Pasal 5 ayat (7)" in text


def test_characters_outside_the_core_font_do_not_break_the_letter(profiles):
    p = profiles["sambas"]
    on = dt.date(2026, 3, 24)
    case = evidence(new_case(p, on=on).case, p, "warning_issued", on).case
    text = pdf_text(warning_letter(case, p, context(on, employer="CV Maju \u2013 Jaya \u201cBersama\u201d",
                                                    place="Sambas", regency="Sambas")))
    assert 'CV Maju - Jaya "Bersama"' in text


def test_no_letter_for_a_case_without_the_step(profiles):
    p = profiles["lamandau"]
    case = new_case(p, on=dt.date(2025, 3, 3)).case
    with pytest.raises(ValueError):
        warning_letter(case, p, context(dt.date(2025, 3, 3)))
    with pytest.raises(ValueError):
        decision_letter(case, p, context(dt.date(2025, 3, 3)))
