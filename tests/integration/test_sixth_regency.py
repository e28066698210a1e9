"""A sixth regency for real: a copied folder changed only where a new regulation changes
(code, name, title, number, dates) loads through all five services, and every citation they
derive from it names the new regulation."""
from __future__ import annotations

import dataclasses
import shutil

import pytest

from shared.regulation import PROFILES_DIR, Citation, use_profiles

NEW_TITLE = "Perbup Contoh No. 3/2026"
SERVICES = ("registry", "eligibility", "contribution-aid", "sanctions", "reporting")


@pytest.fixture
def sixth(tmp_path):
    base = tmp_path / "profiles"
    shutil.copytree(PROFILES_DIR, base, ignore=shutil.ignore_patterns("schema"))
    folder = base / "9999-contoh"
    shutil.copytree(base / "6101-sambas", folder)
    regency = folder / "regency.yaml"
    text = regency.read_text(encoding="utf-8")
    for old, new in (('code: "6101"', 'code: "9999"'), ("name: Sambas", "name: Contoh"),
                     ("Perbup Sambas No. 59/2025", NEW_TITLE), ("perbup-sambas-59-2025", "perbup-contoh-3-2026")):
        assert old in text
        text = text.replace(old, new)
    regency.write_text(text, encoding="utf-8")
    use_profiles(base)
    yield "9999"
    use_profiles(None)


def _citations(value, seen=None):
    """Every citation (object or rendered string) inside a loaded profile object."""
    seen = seen if seen is not None else set()
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, Citation):
        yield value.regulation
    elif isinstance(value, str):
        if " Pasal " in value and value.split(" Pasal ")[0].startswith("Perbup"):
            yield value.split(" Pasal ")[0]
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _citations(getattr(value, f.name), seen)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _citations(item, seen)
    elif isinstance(value, (list, tuple, frozenset, set)):
        for item in value:
            yield from _citations(item, seen)


async def test_a_copied_folder_is_a_sixth_regency_in_all_five_services(sixth, api):
    for service in SERVICES:  # each app validates every part of every regency at start
        assert not (await api(service)).is_closed
    from contribution_aid.rules import policy_for
    from eligibility.rules import default_registry
    from registry.profiles import require_participants, require_registry
    from reporting.regencies import reporting_profile
    from sanctions.profiles import profile_for

    eligibility = default_registry().get(sixth)
    loaded = [require_registry(sixth), require_participants(sixth), eligibility.schemes, policy_for(sixth),
              profile_for(sixth), reporting_profile(sixth)]
    regulations = {title for obj in loaded for title in _citations(obj)}
    assert NEW_TITLE in regulations
    assert not {t for t in regulations if "Sambas" in t}, regulations

    client = await api("eligibility")
    answer = (await client.get(f"/v1/regulations/{sixth}")).json()
    assert NEW_TITLE in str(answer) and "Perbup Sambas" not in str(answer)
    for service in SERVICES:  # its vocabularies (docs/API.md §12) cite the new regulation, never Sambas'
        words = await (await api(service)).get("/v1/vocabularies", params={"regency_code": sixth})
        assert words.status_code == 200 and words.json(), (service, words.text)
        assert "Perbup Sambas" not in words.text, service


async def test_a_rendered_citation_leads_to_its_profile_data(api):
    client = await api("eligibility")
    rendered = "Perbup Sambas No. 59/2025 Pasal 26 ayat (1) huruf d"
    found = await client.get("/v1/citations", params={"citation": rendered})
    assert found.status_code == 200
    items = found.json()["items"]
    assert items and all(i["file"].startswith("profiles/6101-sambas/") for i in items)
    assert any(i["file"].endswith("eligibility.yaml") and i["owner"] == "eligibility" and i["line"] for i in items)
    bad = await client.get("/v1/citations", params={"citation": "no article here"})
    assert bad.status_code == 422 and bad.headers["content-type"].startswith("application/problem+json")
