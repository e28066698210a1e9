from shared.alembic_env import run
from sanctions.models import metadata

run(metadata)
