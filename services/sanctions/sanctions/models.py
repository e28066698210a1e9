"""Every table of sanctions, for Alembic."""
from sanctions.database import Base

metadata = Base.metadata
