"""Every table of reporting, for Alembic."""
from reporting.coverage import models as _coverage  # noqa: F401
from reporting.database import Base

metadata = Base.metadata
