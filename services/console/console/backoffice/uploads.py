"""Files a person uploads in the import wizard, kept between the steps (mapping and preview, dry run,
commit). A file may hold NIKs: it is written to disk sealed piece by piece with the console's keyring
(shared/pii.py AES-GCM, each piece bound to its upload and position), never held whole in memory, kept
per person, and deleted once committed or after a day. The mapping renames the header row only; the
rows are streamed to the service as they are."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import struct
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import anyio

from shared import csvsafe
from shared.jobs.reader import DELIMITERS
from shared.pii import FieldCipher

PIECE_BYTES = 1024 * 1024
KEEP_SECONDS = 24 * 3600
PREVIEW_ROWS = 5
IGNORED = "abaikan_"  # a file column mapped to nothing gets this name (the services ignore unknown columns)


class UploadRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Staged:
    id: str
    kind: str
    file_name: str
    size: int
    params: dict[str, str]
    created_at: str
    mapping: dict[str, str] = field(default_factory=dict)  # expected column -> file column
    checks: list[str] = field(default_factory=list)  # the dry runs' job ids, newest last


class Uploads:
    """The staging area of one console process: `<root>/<person id>/<upload id>.{bin,json}`."""

    def __init__(self, root: Path, cipher: FieldCipher | None, max_bytes: int):
        self.root, self.cipher, self.max_bytes = root, cipher, max_bytes

    def _dir(self, person_id) -> Path:
        path = self.root / str(person_id)
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        return path

    async def stage(self, person_id, upload, kind: str, params: dict[str, str]) -> Staged:
        """Copy a multipart file part (Starlette spools it to disk) into sealed pieces."""
        if self.cipher is None:
            raise UploadRefused("Kunci enkripsi konsol belum diatur (LINDUNG_CONSOLE_SECRET_KEYS); "
                                "berkas tidak dapat disimpan.")
        self.sweep()
        upload_id = uuid.uuid4().hex
        target, size, seq = self._dir(person_id) / f"{upload_id}.bin", 0, 0
        with target.open("wb") as out:
            while piece := await upload.read(PIECE_BYTES):
                size += len(piece)
                if size > self.max_bytes:
                    out.close()
                    target.unlink(missing_ok=True)
                    raise UploadRefused(f"Berkas lebih besar dari batas {self.max_bytes // (1024 * 1024)} MiB.")
                sealed = await anyio.to_thread.run_sync(self._seal, upload_id, seq, piece)
                out.write(struct.pack(">I", len(sealed)) + sealed)
                seq += 1
        if not size:
            target.unlink(missing_ok=True)
            raise UploadRefused("Berkas kosong.")
        staged = Staged(upload_id, kind, Path(upload.filename or "berkas.csv").name[:120], size, params,
                        dt.datetime.now(dt.UTC).isoformat())
        self.save(person_id, staged)
        return staged

    def _seal(self, upload_id: str, seq: int, piece: bytes) -> bytes:
        return self.cipher.seal_bytes(piece, purpose=f"console_upload:{upload_id}:{seq}")

    def save(self, person_id, staged: Staged) -> None:
        (self._dir(person_id) / f"{staged.id}.json").write_text(json.dumps(staged.__dict__), encoding="utf-8")

    def get(self, person_id, upload_id: str) -> Staged | None:
        if not upload_id.isalnum():
            return None
        path = self._dir(person_id) / f"{upload_id}.json"
        return Staged(**json.loads(path.read_text(encoding="utf-8"))) if path.exists() else None

    def of_check(self, person_id, check_id: str) -> Staged | None:
        """The upload (of this person) whose dry run `check_id` was."""
        for meta in self._dir(person_id).glob("*.json"):
            staged = Staged(**json.loads(meta.read_text(encoding="utf-8")))
            if check_id in staged.checks:
                return staged
        return None

    def drop(self, person_id, upload_id: str) -> None:
        for suffix in (".bin", ".json"):
            (self._dir(person_id) / f"{upload_id}{suffix}").unlink(missing_ok=True)

    def sweep(self) -> None:
        """Uploads nobody committed within a day go."""
        limit = time.time() - KEEP_SECONDS
        for path in self.root.glob("*/*"):
            if path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)

    async def pieces(self, person_id, upload_id: str) -> AsyncIterator[bytes]:
        with (self._dir(person_id) / f"{upload_id}.bin").open("rb") as stored:
            seq = 0
            while head := stored.read(4):
                sealed = stored.read(struct.unpack(">I", head)[0])
                yield await anyio.to_thread.run_sync(self._open, upload_id, seq, sealed)
                seq += 1

    def _open(self, upload_id: str, seq: int, sealed: bytes) -> bytes:
        return self.cipher.open_bytes(sealed, purpose=f"console_upload:{upload_id}:{seq}")

    async def preview(self, person_id, upload_id: str) -> tuple[list[str], list[list[str]]]:
        """The header and the first rows, read from the first piece only."""
        async for first in self.pieces(person_id, upload_id):
            text = first.removeprefix(b"\xef\xbb\xbf").decode("utf-8", errors="replace")
            lines = text.splitlines()
            if len(first) == PIECE_BYTES and len(lines) > 1:
                lines = lines[:-1]  # the last line may be cut by the piece
            delimiter = max(DELIMITERS, key=(lines[0] if lines else "").count)
            rows = list(csv.reader(lines[:PREVIEW_ROWS + 1], delimiter=delimiter))
            return ([h.strip() for h in rows[0]] if rows else []), rows[1:]
        return [], []

    async def mapped(self, person_id, staged: Staged) -> AsyncIterator[bytes]:
        """The file with its header row renamed by the mapping (unmapped columns ignored); the rows as
        uploaded, one piece at a time."""
        by_file = {file_col: expected for expected, file_col in staged.mapping.items() if file_col}
        first = True
        async for piece in self.pieces(person_id, staged.id):
            if first:
                first, piece = False, piece.removeprefix(b"\xef\xbb\xbf")
                end = piece.find(b"\n")
                line, rest = (piece, b"") if end < 0 else (piece[:end], piece[end:])
                text = line.decode("utf-8", errors="replace").rstrip("\r")
                delimiter = max(DELIMITERS, key=text.count)
                header = next(csv.reader([text], delimiter=delimiter), [])
                names = [by_file.get(h.strip(), f"{IGNORED}{i}") for i, h in enumerate(header)]
                out = io.StringIO()
                csvsafe.writer(out, delimiter=delimiter, lineterminator="").writerow(names)
                piece = out.getvalue().encode() + rest
            yield piece


def uploads_of(runtime) -> Uploads:
    """The process's staging area (created on first use)."""
    found = runtime.extras.get("uploads")
    if found is None:
        settings = runtime.settings
        root = Path(settings.upload_dir or Path(tempfile.gettempdir()) / "lindung-console-uploads")
        root.mkdir(parents=True, exist_ok=True, mode=0o700)
        found = runtime.extras["uploads"] = Uploads(root, runtime.extras.get("cipher"), settings.upload_max_bytes)
    return found
