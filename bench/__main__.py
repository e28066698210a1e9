"""`make bench` (or `python -m bench [name ...]`): runs the benchmarks and prints their figures."""
from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import platform
import sys
import time
from pathlib import Path

import psutil

INFRASTRUCTURE = {"infra", "__main__"}


def discover() -> dict:
    """Every module of bench/ with a `run()` is a benchmark, named after its file."""
    found = {}
    for module in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if module.name not in INFRASTRUCTURE and not module.name.startswith("_"):
            run = getattr(importlib.import_module(f"bench.{module.name}"), "run", None)
            if callable(run):
                found[module.name] = run
    return found


BENCHMARKS = discover()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("names", nargs="*", help=f"benchmarks to run (default all): {', '.join(BENCHMARKS)}")
    args = parser.parse_args(argv)
    unknown = set(args.names) - set(BENCHMARKS)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    names = args.names or list(BENCHMARKS)
    machine = f"{platform.processor() or platform.machine()}, {psutil.cpu_count()} cores, " \
              f"{round(psutil.virtual_memory().total / 2**30)} GiB, Python {platform.python_version()}"
    print(f"Lindung benchmarks on {machine}")
    for name in names:
        started = time.perf_counter()
        result = BENCHMARKS[name]()
        print(f"\n== {name} ({time.perf_counter() - started:.0f} s)")
        print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
