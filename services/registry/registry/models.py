"""Every table of the registry, for Alembic."""
from registry import jobs as _jobs  # noqa: F401
from registry.bpjs import models as _bpjs  # noqa: F401
from registry.candidates import models as _candidates  # noqa: F401
from registry.complaints import models as _complaints  # noqa: F401
from registry.construction import models as _construction  # noqa: F401
from registry.database import Base
from registry.dci import models as _dci  # noqa: F401
from registry.employers import models as _employers  # noqa: F401
from registry.memberships import models as _memberships  # noqa: F401
from registry.participants import models as _participants  # noqa: F401
from registry.recipients import models as _recipients  # noqa: F401
from shared.approvals.tables import approvals

metadata = Base.metadata
# the proposals of two-person control (shared.approvals: data-subject corrections), created by this chain
approvals.to_metadata(metadata)
