from shared.alembic_env import run
from contribution_aid.models import metadata

run(metadata)
