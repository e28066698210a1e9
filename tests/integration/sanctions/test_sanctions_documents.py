"""Letters of cases through the document register, for every regency: issued once (number from
the regency's pattern, signer with NIP, kop of the office), byte-identical on every download,
listed in the register and verifiable by code without naming the employer."""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import re

import pytest

from shared.documents import documents_profile
from shared.regulation import profiles
from tests.documents_support import pages, pdftotext, save_png
from tests.integration.sanctions.helpers import open_case, post

REGENCIES = ("5304", "6405", "6101", "6309", "6207")
ENGLISH = re.compile(r"\b(decision|warning|request|letter|case|report|sanction)\b", re.I)


def number_pattern(code: str, kind: str) -> re.Pattern:
    profile = documents_profile(code)
    spec = profile.kind(kind)
    regex = re.escape(profile.numbering).replace(r"\{sequence\}", r"\d{4}").replace(r"\{year\}", r"\d{4}")
    regex = regex.replace(r"\{classification\}", re.escape(spec.classification))
    return re.compile(regex.replace(r"\{office\}", re.escape(profile.offices[spec.office].code)))


def check_letter(text: str, code: str, kind: str, employer: str) -> str:
    profile = documents_profile(code)
    spec = profile.kind(kind)
    signer = profile.signer_on(spec.signer, dt.date.today())
    office = profile.offices[spec.office]
    number = number_pattern(code, kind).search(text)
    assert number, (kind, text[:400])
    assert not ENGLISH.search(number.group(0))
    squeezed = "".join(text.split())  # pdftotext breaks the signature column where it likes
    for expected in (*office.heading, office.address, employer, signer.name, signer.position):
        assert "".join(expected.split()) in squeezed, (code, kind, expected)
    if signer.nip:
        assert f"NIP. {signer.nip}" in text
    assert "Halaman 1 dari 1" in text
    return number.group(0)


@pytest.mark.parametrize("code", REGENCIES)
async def test_request_letters_of_every_regency_are_issued_once_and_registered(sanctions, code):
    name = f"PT Contoh Usaha {code}"
    case = await open_case(sanctions, code, employer_name=name)
    numbers = {}
    for kind in ("request", "sanction_request"):
        first = await sanctions.get(f"/v1/cases/{case['id']}/letters/{kind}")
        again = await sanctions.get(f"/v1/cases/{case['id']}/letters/{kind}")
        assert first.status_code == 200, first.text
        assert first.content == again.content  # served from the register
        text = pdftotext(first.content)
        numbers[kind] = check_letter(text, code, kind, name)
        assert pages(first.content) == 1, (code, kind)
        if kind == "sanction_request":
            copies = text.split("Tembusan:")[-1] if "Tembusan:" in text else ""
            assert "Dinas Tenaga Kerja" not in copies  # the writer's own office is not copied
    assert numbers["request"] != numbers["sanction_request"]

    listed = (await sanctions.get("/v1/documents", params={"regency_code": code, "limit": 500})).json()
    ours = {d["number"]: d for d in listed["items"] if d["number"] in numbers.values()}
    assert set(ours) == set(numbers.values())
    for entry in ours.values():
        stored = await sanctions.get(f"/v1/documents/{entry['id']}")
        assert hashlib.sha256(stored.content).hexdigest() == entry["sha256"]
        assert entry["signer"]["nip"] == documents_profile(code).signer_on("kepala_dinas", dt.date.today()).nip


async def test_warning_and_decision_of_sambas_follow_the_acts_and_verify_by_code(sanctions):
    sambas = "6101"
    case = await open_case(sanctions, sambas, source="system", date="2026-10-01", employer_name="PT Sawit Makmur")
    await post(sanctions, f"/v1/cases/{case['id']}/evidence",
               {"kind": "warning_issued", "reference": "T/1", "date": "2026-10-01"})
    warning = await sanctions.get(f"/v1/cases/{case['id']}/letters/warning")
    text = pdftotext(warning.content)
    check_letter(text, sambas, "warning", "PT Sawit Makmur")
    assert "Sambas, 1 Oktober 2026" in text
    save_png(warning.content, "letter-warning-6101")

    await post(sanctions, f"/v1/cases/{case['id']}/evidence",
               {"kind": "bpjs_request", "reference": "B/5/2026", "date": "2026-10-02"})
    await post(sanctions, f"/v1/cases/{case['id']}/decisions",
               {"decision": "impose", "decree_number": "800/77/2026", "date": "2026-10-03"})
    decision = await sanctions.get(f"/v1/cases/{case['id']}/letters/decision")
    text = pdftotext(decision.content)
    number = "800/77/2026"  # the Keputusan keeps the number it was decided under
    squeezed = "".join(text.split())
    bupati = documents_profile(sambas).signer_on("bupati", dt.date(2026, 10, 3))
    for expected in ("KEPUTUSAN BUPATI SAMBAS", f"NOMOR {number}", "Menimbang", "Mengingat", "MEMUTUSKAN:",
                     "Menetapkan", "KESATU", "LAMPIRAN KEPUTUSAN BUPATI SAMBAS", "PT Sawit Makmur", bupati.name,
                     "3 Oktober 2026", "Halaman 1 dari 2"):
        assert "".join(expected.split()) in squeezed, expected
    save_png(decision.content, "decision-6101-page1", 1)

    code = re.search(r"kode verifikasi ([A-Z2-9]{12})", text).group(1)
    verified = await sanctions.get(f"/v1/documents/verify/{code}", headers={"X-API-Key": ""})
    assert verified.status_code == 200, verified.text
    body = verified.json()
    assert body["number"] == number and body["sha256"] == [hashlib.sha256(decision.content).hexdigest()]
    assert "PT Sawit Makmur" not in verified.text and "nip" not in verified.text.lower()
    assert (await sanctions.get("/v1/documents/verify/AAAAAAAAAAAA")).status_code == 404


def _one(items: list[dict], **match) -> dict:
    found = [i for i in items if all(i.get(k) == v for k, v in match.items())]
    assert len(found) == 1, (match, items)
    return found[0]


@pytest.mark.parametrize("code", REGENCIES)
async def test_warning_and_decision_letters_of_every_regency_follow_its_ladder(sanctions, code):
    """Each regency's ladder from its vocabulary: the regency writes the warning letter only where its
    regulation has the regency warn (in Lamandau and Berau BPJS warns, PP 86/2013 Pasal 5(2)); the
    TMP2T decision is a Keputusan Bupati of that regency, with its number, signer and lampiran."""
    name = f"PT Tangga Sanksi {code}"
    law = (await sanctions.get("/v1/vocabularies", params={"regency_code": code})).json()
    flow = law["case_flow"]
    asking = _one(flow, to="sanction_requested", **{"from": "open"}, by="bpjs_request")["by"]
    case = await open_case(sanctions, code, source="system", date="2026-10-01", employer_name=name)
    await post(sanctions, f"/v1/cases/{case['id']}/evidence",
               {"kind": "warning_issued", "reference": "T/1", "date": "2026-10-01"})
    warning = await sanctions.get(f"/v1/cases/{case['id']}/letters/warning")
    warner = _one(law["ladder"], id="warning")["issued_by"]
    if warner == "regency":
        assert warning.status_code == 200, warning.text
        check_letter(pdftotext(warning.content), code, "warning", name)
    else:
        assert warning.status_code == 404 and "BPJS" in warning.json()["detail"], warning.text

    impose = _one(flow, **{"from": "sanction_requested"}, to="imposed")
    for kind in [asking, *(k for k in impose["requires_evidence"] if k != asking)]:
        await post(sanctions, f"/v1/cases/{case['id']}/evidence", {"kind": kind, "reference": f"R/{kind}",
                                                                   "date": "2026-10-02"})
    await post(sanctions, f"/v1/cases/{case['id']}/decisions",
               {"decision": impose["by"], "decree_number": "100.3.3.2/9/2026", "date": "2026-10-03",
                "services": [law["services"][0]["id"]]})
    decision = await sanctions.get(f"/v1/cases/{case['id']}/letters/decision")
    assert decision.status_code == 200, decision.text
    squeezed = "".join(pdftotext(decision.content).split())
    regency = profiles().part(code, "regency")["name"].upper()
    bupati = documents_profile(code).signer_on("bupati", dt.date(2026, 10, 3))
    for expected in (f"KEPUTUSAN BUPATI {regency}", "NOMOR 100.3.3.2/9/2026", "Menimbang", "Mengingat",
                     "MEMUTUSKAN:", "Menetapkan", f"LAMPIRAN KEPUTUSAN BUPATI {regency}", name, bupati.name,
                     "3 Oktober 2026", law["services"][0]["label"]):
        assert "".join(expected.split()) in squeezed, (code, expected)
    assert decision.content == (await sanctions.get(f"/v1/cases/{case['id']}/letters/decision")).content


async def test_register_list_pages_and_refuses_unknown_filters(sanctions):
    case = await open_case(sanctions, "6309", employer_name="PT Tanjung Jaya")
    for kind in ("request", "sanction_request"):
        assert (await sanctions.get(f"/v1/cases/{case['id']}/letters/{kind}")).status_code == 200
    first = (await sanctions.get("/v1/documents", params={"regency_code": "6309", "limit": 1})).json()
    assert len(first["items"]) == 1 and first["next_cursor"]
    second = (await sanctions.get("/v1/documents", params={"regency_code": "6309", "limit": 1,
                                                           "cursor": first["next_cursor"]})).json()
    assert second["items"][0]["id"] != first["items"][0]["id"]
    assert (await sanctions.get("/v1/documents", params={"regency_code": "6309", "colour": "x"})).status_code == 422


def test_every_regency_has_a_documents_part():
    assert all(profiles().part(code, "documents") for code in REGENCIES)


async def test_a_registered_letter_is_pades_signed_and_validates(sanctions):
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import async_validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    from shared.documents.signing import local_ca

    case = await open_case(sanctions, "6207", employer_name="PT Bulik Sejahtera")
    letter = await sanctions.get(f"/v1/cases/{case['id']}/letters/request")
    signatures = PdfFileReader(io.BytesIO(letter.content)).embedded_signatures
    assert len(signatures) == 1
    status = await async_validate_pdf_signature(signatures[0], ValidationContext(trust_roots=[
        load_cert_from_pemder(str(local_ca()[1]))]))
    assert status.intact and status.valid and status.trusted, status.pretty_print_details()
    assert "6207" in status.signing_cert.subject.human_friendly

    code = re.search(r"kode verifikasi ([A-Z2-9]{12})", pdftotext(letter.content)).group(1)
    verified = (await sanctions.get(f"/v1/documents/verify/{code}")).json()
    assert verified["sha256"] == [hashlib.sha256(letter.content).hexdigest()]
