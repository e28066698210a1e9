from console.main import SPEC
from shared.service import run_cli

run_cli(SPEC)
