from shared.service import run_cli
from eligibility.jobs import JOBS
from eligibility.main import SPEC

run_cli(SPEC, jobs=JOBS)
