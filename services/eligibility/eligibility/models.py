"""Every table of eligibility, for Alembic."""
from eligibility.database import Base

metadata = Base.metadata
