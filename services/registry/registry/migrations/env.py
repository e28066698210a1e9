from shared.alembic_env import run
from registry.models import metadata

run(metadata)
