"""Every table of contribution-aid, for Alembic."""
from contribution_aid import jobs as _jobs  # noqa: F401
from contribution_aid.accountability import models as _accountability  # noqa: F401
from contribution_aid.allocations import models as _allocations  # noqa: F401
from contribution_aid.budgets import models as _budgets  # noqa: F401
from contribution_aid.database import Base
from contribution_aid.decrees import models as _decrees  # noqa: F401
from contribution_aid.documents import models as _documents  # noqa: F401
from contribution_aid.invoices import models as _invoices  # noqa: F401
from contribution_aid.palm_oil import models as _palm_oil  # noqa: F401
from contribution_aid.participants import models as _participants  # noqa: F401
from shared.approvals.tables import approvals

metadata = Base.metadata
# the proposals of two-person control (shared.approvals), created by this service's chain like the outbox
approvals.to_metadata(metadata)
