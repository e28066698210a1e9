from eligibility.jobs import JOBS
from eligibility.main import SPEC
from shared.service import run_cli

run_cli(SPEC, jobs=JOBS)
