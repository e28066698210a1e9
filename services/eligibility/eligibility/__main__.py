from shared.service import run_cli
from eligibility.main import SPEC

run_cli(SPEC)
