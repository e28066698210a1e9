"""PII key rotation (docs/OPERATIONS.md): add a key, make it active, run
`python -m registry reencrypt-pii`, and the old key can leave the keyring."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from shared.pii import generate_key
from tests.factories import participant_body

ROOT = Path(__file__).resolve().parents[3]


def cipher_key_ids(infra) -> set[str]:
    rows = infra.sql("registry", "SELECT split_part(nik_cipher, '.', 2), split_part(address_cipher, '.', 2) "
                                 "FROM participants")
    return {kid for row in rows for kid in row}


async def test_reencryption_moves_every_value_to_the_new_key(clean, api):
    registry = await api("registry")
    for serial in (801, 802):
        created = await registry.post("/v1/participants", json=participant_body("6101", serial=serial))
        assert created.status_code == 201
    old_ring = clean.env["LINDUNG_REGISTRY_PII_KEYS"]
    assert cipher_key_ids(clean) == {old_ring.split(":")[0]}
    rotated = {"LINDUNG_REGISTRY_PII_KEYS": f"{old_ring},k2:{generate_key()}", "LINDUNG_REGISTRY_PII_ACTIVE_KEY": "k2"}
    env = {**os.environ, **clean.env, **rotated}
    result = subprocess.run([sys.executable, "-m", "registry", "reencrypt-pii"], env=env, cwd=ROOT,
                            capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr
    assert "'participants.nik_cipher': 2" in result.stderr and "{'k2': " in result.stderr
    assert cipher_key_ids(clean) == {"k2"}
    again = subprocess.run([sys.executable, "-m", "registry", "reencrypt-pii"], env=env, cwd=ROOT,
                           capture_output=True, text=True, timeout=240)
    assert "'participants.nik_cipher': 0" in again.stderr  # idempotent
    # the old key retired: personal data still opens with the new keyring alone
    new_only = {**env, "LINDUNG_REGISTRY_PII_KEYS": rotated["LINDUNG_REGISTRY_PII_KEYS"].split(",", 1)[1]}
    check = subprocess.run([sys.executable, "-c", (
        "from registry.settings import get_settings; from registry.protection import Vault; import psycopg, sys;"
        "from shared.db import libpq_url; s = get_settings(); v = Vault(s);"
        "rows = psycopg.connect(libpq_url(s.database_url)).execute('SELECT nik_cipher FROM participants').fetchall();"
        "print(sorted(v.open(r[0], 'nik')[-4:] for r in rows))")], env=new_only, cwd=ROOT, capture_output=True,
        text=True, timeout=120)
    assert check.returncode == 0, check.stderr
    assert check.stdout.strip() == "['0801', '0802']"
