"""Every table of sanctions, for Alembic."""
from sanctions.cases import models as _cases  # noqa: F401
from sanctions.clearance import models as _clearance  # noqa: F401
from sanctions.database import Base
from sanctions.documents import models as _documents  # noqa: F401
from sanctions.licensing import models as _licensing  # noqa: F401

metadata = Base.metadata
