"""Every table of the registry, for Alembic."""
from registry.database import Base
from registry.participants import models as _participants  # noqa: F401

metadata = Base.metadata
