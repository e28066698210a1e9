"""Every table of reporting, for Alembic."""
from reporting.aid import models as _aid  # noqa: F401
from reporting.complaints import models as _complaints  # noqa: F401
from reporting.construction import models as _construction  # noqa: F401
from reporting.coverage import models as _coverage  # noqa: F401
from reporting.database import Base
from reporting.documents import models as _documents  # noqa: F401
from reporting.periodic import models as _periodic  # noqa: F401
from reporting.sanctions import models as _sanctions  # noqa: F401
from reporting.targets import models as _targets  # noqa: F401

metadata = Base.metadata

# The read models: built only from events, emptied by `python -m reporting rebuild`.
READ_MODEL_TABLES = sorted(t.name for t in metadata.sorted_tables if t.name.startswith("rm_"))
