from shared.alembic_env import run
from eligibility.models import metadata

run(metadata)
