from shared.service import run_cli
from reporting.main import SPEC

run_cli(SPEC)
