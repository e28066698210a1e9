"""Regulations cited without their text in the corpus (national/sources.yaml): every citation of
them is named as an external source (an interpretation) by `where` and counted by `check`; a
value a profile still lacks (the DPO's contact) is a warning of `check`, not an error."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from shared.regulation import PROFILES_DIR, load
from shared.regulation.lookup import citations

EXTERNAL = {"Perpres 76/2013": "perpres_76_2013", "Permenpan-RB 62/2018": "permenpan_rb_62_2018",
            "UU 27/2022": "uu_27_2022"}


@pytest.fixture
def copy(tmp_path) -> Path:
    target = tmp_path / "profiles"
    shutil.copytree(PROFILES_DIR, target, ignore=shutil.ignore_patterns("schema"))
    return target


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "shared.regulation", *args], capture_output=True, text=True,
                          check=False)


def test_every_citation_of_a_national_text_outside_the_corpus_is_marked_external():
    """Each YAML value naming one of them (with or without a Pasal) is a marked citation."""
    loaded = load()
    marked = [(hit, found) for hit, found in citations(loaded) if found.regulation in EXTERNAL]
    assert marked and all(hit.external == EXTERNAL[found.regulation] for hit, found in marked)
    in_files = sum(len(re.findall(rf"^\s*[\w-]*:?\s*-?\s*\"?{re.escape(title)}", path.read_text(), re.M))
                   for path in PROFILES_DIR.rglob("*.yaml") if path.name != "sources.yaml" for title in EXTERNAL)
    assert len(marked) >= in_files > 0


def test_where_names_the_external_source_and_takes_a_title_alone():
    stages = _run("where", "Permenpan-RB 62/2018")
    assert stages.returncode == 0, stages.stderr
    lines = stages.stdout.splitlines()
    assert len(lines) == 3 and all("national/complaints.yaml" in line for line in lines)
    assert all("external source permenpan_rb_62_2018" in line and "interpretation" in line for line in lines)
    article = _run("where", "UU 27/2022 Pasal 53")
    assert article.stdout.count("sumber eksternal / external source uu_27_2022") == 5
    own = _run("where", "Perbup Berau No. 44/2024 Pasal 25")
    assert own.returncode == 0 and "external source" not in own.stdout


def test_check_counts_external_citations_and_warns_while_the_dpo_contact_is_null(copy):
    before = _run("check", str(copy))
    assert before.returncode == 0
    assert "external source uu_27_2022:" in before.stdout
    assert before.stderr.count("WARNING [registry]") == 5 and "6207-lamandau/complaints.yaml: dpo" in before.stderr
    text = (copy / "6207-lamandau" / "complaints.yaml").read_text()
    entry = ("\n  - value: {office: PPDP Kabupaten Lamandau, contact: ppdp@lamandaukab.go.id}"
             "\n    from: 2026-01-05\n    citation: \"UU 27/2022 Pasal 53\"\nchannels:")
    published = text.replace("\nchannels:", entry, 1)
    (copy / "6207-lamandau" / "complaints.yaml").write_text(published)
    after = _run("check", str(copy))
    assert after.returncode == 0, after.stderr
    assert after.stderr.count("WARNING [registry]") == 4 and "6207-lamandau" not in after.stderr
