"""Python 3.11 to 3.13: pyproject admits them, and every source compiles under each interpreter
installed here (CI runs the suite on one; the others are checked as far as they exist)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from shared.ops.pythons import SUPPORTED, compiles, interpreter

ROOT = Path(__file__).resolve().parents[3]


def test_pyproject_admits_every_supported_python():
    requires = re.search(r'requires-python = "([^"]+)"', (ROOT / "pyproject.toml").read_text()).group(1)
    assert requires == ">=3.11,<3.14"
    assert 'python:${PYTHON_VERSION}-slim' in (ROOT / "deploy" / "Dockerfile").read_text()


@pytest.mark.parametrize("version", SUPPORTED)
def test_every_source_compiles_under(version):
    python = interpreter(version)
    if python is None:
        pytest.skip(f"Python {version} is not installed on this machine")
    result = compiles(python)
    assert result.returncode == 0, result.stdout
