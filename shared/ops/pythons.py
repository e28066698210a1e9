"""Python 3.11 to 3.13: find each supported interpreter on this machine, compile every source
file with it (syntax and grammar of that version, nothing written), and with --unit install the
project into .venv-<version> and run the unit tests there.

    python -m shared.ops.pythons [--unit]        (make check-pythons [UNIT=1])

An interpreter that is not installed is reported as such, never counted as passed."""
from __future__ import annotations

import argparse
import glob
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SUPPORTED = ("3.11", "3.12", "3.13")
SOURCES = ("shared", "services", "bench", "tests")
COMPILE_ALL = """
import pathlib, sys
failed = 0
for root in sys.argv[1:]:
    for path in pathlib.Path(root).rglob("*.py"):
        try:
            compile(path.read_bytes(), str(path), "exec", dont_inherit=True)
        except SyntaxError as error:
            failed += 1
            print(f"{path}:{error.lineno}: {error.msg}")
sys.exit(1 if failed else 0)
"""


def interpreter(version: str) -> str | None:
    """python<version> on PATH that really runs (a pyenv shim may not), else a pyenv installation."""
    candidates = [shutil.which(f"python{version}")]
    pyenv_root = os.environ.get("PYENV_ROOT", str(Path.home() / ".pyenv"))
    candidates += sorted(glob.glob(f"{pyenv_root}/versions/{version}.*/bin/python{version}"), reverse=True)
    for candidate in filter(None, candidates):
        probe = subprocess.run([candidate, "-c", "import sys; print(sys.version_info[:2])"], capture_output=True,
                               text=True)
        if probe.returncode == 0 and probe.stdout.strip() == str(tuple(int(p) for p in version.split("."))):
            return candidate
    return None


def compiles(python: str) -> subprocess.CompletedProcess:
    return subprocess.run([python, "-c", COMPILE_ALL, *SOURCES], cwd=ROOT, capture_output=True, text=True,
                          timeout=600)


def unit_tests(python: str, version: str) -> int:
    venv = ROOT / f".venv-{version}"
    if not (venv / "bin" / "python").exists():
        subprocess.run([python, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", f"{ROOT}[test]"], check=True)
    return subprocess.run([str(venv / "bin" / "python"), "-m", "pytest", "tests/unit", "-q", "-p",
                           "no:cacheprovider"], cwd=ROOT).returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shared.ops.pythons", description=__doc__.splitlines()[0])
    parser.add_argument("--unit", action="store_true", help="also run the unit tests under each interpreter")
    args = parser.parse_args(argv)
    status = 0
    for version in SUPPORTED:
        python = interpreter(version)
        if python is None:
            print(f"Python {version}: not installed here, not checked")
            continue
        result = compiles(python)
        print(f"Python {version} ({python}): every source compiles" if result.returncode == 0
              else f"Python {version}: syntax errors\n{result.stdout}")
        status |= result.returncode
        if args.unit and result.returncode == 0:
            status |= unit_tests(python, version)
    return status


if __name__ == "__main__":
    sys.exit(main())
