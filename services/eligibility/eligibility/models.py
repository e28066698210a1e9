"""Every table of eligibility, for Alembic."""
from eligibility.batch import models as _batch  # noqa: F401
from eligibility.database import Base
from eligibility.evaluations import models as _evaluations  # noqa: F401
from eligibility.recipients import models as _recipients  # noqa: F401

metadata = Base.metadata
