"""Every table of sanctions, for Alembic."""
from sanctions.cases import models as _cases  # noqa: F401
from sanctions.clearance import models as _clearance  # noqa: F401
from sanctions.database import Base
from sanctions.documents import models as _documents  # noqa: F401
from sanctions.licensing import models as _licensing  # noqa: F401
from shared.approvals.tables import approvals

metadata = Base.metadata
# the proposals of two-person control (shared.approvals), created by this service's chain like the outbox
approvals.to_metadata(metadata)
