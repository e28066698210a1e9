from shared.alembic_env import run
from shared.ops.models import metadata

run(metadata)
