"""Every table of contribution-aid, for Alembic."""
from contribution_aid.database import Base

metadata = Base.metadata
