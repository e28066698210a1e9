"""Every table of the console (the local issuer), for Alembic."""
from console.database import Base
from console.oauth import models as _oauth  # noqa: F401
from console.persons import models as _persons  # noqa: F401

metadata = Base.metadata
