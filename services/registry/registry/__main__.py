from shared.service import run_cli
from registry.main import SPEC

run_cli(SPEC)
