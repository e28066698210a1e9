"""The contribution-aid event feeder, for proposals about aided participants."""
from tests.integration.aid.conftest import aid_events  # noqa: F401 - fixture
