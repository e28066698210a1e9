"""Helpers of the document tests: PDF text through poppler's pdftotext (as a reader would copy
it), page images through pdftoppm, and the test output folder for the images."""
from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

OUTPUT = Path(os.environ.get("LINDUNG_TEST_OUTPUT", Path(__file__).resolve().parents[1] / "test-output"))


def pdftotext(data: bytes, layout: bool = False) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
        fh.write(data)
        fh.flush()
        args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [fh.name, "-"]
        return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def pages(data: bytes) -> int:
    return pdftotext(data).count("\f")


def save_png(data: bytes, name: str, page: int = 1) -> Path:
    """The page as PNG under the test output folder (for people to look at)."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
        fh.write(data)
        fh.flush()
        prefix = OUTPUT / name
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", str(page), "-l", str(page), "-singlefile", fh.name,
                        str(prefix)], check=True)
    return prefix.with_suffix(".png")


def evaluated(sheet, values) -> tuple:
    """A row read with openpyxl, its `=SUM(C5:C9)` totals computed from the sheet as Excel would."""
    import re

    out = []
    for value in values:
        match = re.fullmatch(r"=SUM\(([A-Z]+)(\d+):([A-Z]+)(\d+)\)", value) if isinstance(value, str) else None
        if match:
            column, first, last = match[1], int(match[2]), int(match[4])
            value = sum(sheet[f"{column}{r}"].value or 0 for r in range(first, last + 1))
        out.append(value)
    return tuple(out)
