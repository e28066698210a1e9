from shared.service import run_cli
from contribution_aid.main import SPEC

run_cli(SPEC)
