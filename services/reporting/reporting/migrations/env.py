from shared.alembic_env import run
from reporting.models import metadata

run(metadata)
