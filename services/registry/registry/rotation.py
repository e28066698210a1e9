"""PII key rotation: re-encrypt every personal-data column under the active key
(`python -m registry reencrypt-pii`; the procedure is in docs/OPERATIONS.md "Rotate keys").

Every encrypted column is named `<field>_cipher` and sealed for the purpose `<table>.<field>`
(registry.protection.Vault), so the job finds them in the catalogue rather than in a list that
could miss a new one. It works in small committed batches (resumable, idempotent: a row already
under the active key is not touched; an update only applies if the row still holds the token
it read) and stops on a column whose values do not decrypt, naming it."""
from __future__ import annotations

from sqlalchemy import text

from registry.protection import Vault
from shared.app import Runtime
from shared.pii import DecryptionError

BATCH = 500
CIPHER_COLUMNS = text("""
    SELECT table_name, column_name FROM information_schema.columns
    WHERE table_schema = 'public' AND column_name LIKE '%\\_cipher' AND data_type = 'text'
    ORDER BY table_name, column_name""")


class RotationError(RuntimeError):
    pass


async def reencrypt_column(runtime: Runtime, vault: Vault, table: str, column: str) -> int:
    purpose = f"{table}.{column.removesuffix('_cipher')}"
    stale = text(f'SELECT ctid::text AS row, "{column}" AS token FROM "{table}" '
                 f'WHERE "{column}" IS NOT NULL AND "{column}" NOT LIKE :active LIMIT {BATCH}')
    write = text(f'UPDATE "{table}" SET "{column}" = :new WHERE ctid = CAST(:row AS tid) AND "{column}" = :old')
    active = f"v1.{vault.cipher.active_key_id}.%"
    done = 0
    while True:
        async with runtime.sessions() as session, session.begin():
            rows = (await session.execute(stale, {"active": active})).all()
            if not rows:
                return done
            for row in rows:
                try:
                    fresh = vault.cipher.reencrypt(row.token, purpose=purpose)
                except DecryptionError as failure:
                    raise RotationError(f"{table}.{column}: a value does not decrypt with the keyring "
                                        f"({failure}); keep every old key listed until this column is done") from None
                await session.execute(write, {"new": fresh, "row": row.row, "old": row.token})
            done += len(rows)


async def reencrypt_all(runtime: Runtime) -> dict[str, int]:
    vault = Vault(runtime.settings)
    async with runtime.sessions() as session:
        columns = (await session.execute(CIPHER_COLUMNS)).all()
    return {f"{table}.{column}": await reencrypt_column(runtime, vault, table, column) for table, column in columns}


async def keys_in_use(runtime: Runtime) -> dict[str, int]:
    """How many values each key id still encrypts (a key can leave the keyring at 0)."""
    counts: dict[str, int] = {}
    async with runtime.sessions() as session:
        for table, column in (await session.execute(CIPHER_COLUMNS)).all():
            rows = await session.execute(text(
                f'SELECT split_part("{column}", \'.\', 2) AS kid, count(*) AS n FROM "{table}" '
                f'WHERE "{column}" IS NOT NULL GROUP BY 1'))
            for kid, n in rows.all():
                counts[kid] = counts.get(kid, 0) + n
    return counts
