from shared.service import run_cli
from sanctions.main import SPEC

run_cli(SPEC)
