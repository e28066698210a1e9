"""The role catalogue (`profiles/roles.yaml`): roles as data, each mapping to scopes of
shared/auth.py, and the roles a regency uses (`profiles/<regency>/people.yaml`, optional)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from shared import regulation

AREAS = {"regency", "village"}


@dataclass(frozen=True)
class Role:
    id: str
    label: str
    scopes: frozenset[str]
    area: str = "regency"  # "village": only the villages the person's token names


class RoleError(ValueError):
    pass


@lru_cache(maxsize=4)
def catalogue(base: Path | None = None) -> dict[str, Role]:
    from shared.auth import SCOPES  # the scopes a role may name

    data = regulation.load_yaml((base or regulation.PROFILES_DIR) / "roles.yaml")
    roles = {}
    for role_id, entry in (data.get("roles") or {}).items():
        unknown = set(entry.get("scopes", [])) - SCOPES
        if unknown or entry.get("area", "regency") not in AREAS:
            raise RoleError(f"roles.yaml: role {role_id} names unknown scopes/area {sorted(unknown)}")
        roles[role_id] = Role(role_id, entry["label"], frozenset(entry["scopes"]), entry.get("area", "regency"))
    return roles


def scopes_of(role_ids: frozenset[str] | set[str]) -> frozenset[str]:
    """Union of the scopes of the known roles; a role the catalogue does not know grants nothing."""
    roles = catalogue()
    return frozenset().union(*(roles[r].scopes for r in role_ids if r in roles))


def village_bound(role_ids: frozenset[str] | set[str]) -> bool:
    """True when every known role of the person is limited to their villages."""
    known = [catalogue()[r] for r in role_ids if r in catalogue()]
    return bool(known) and all(role.area == "village" for role in known)


def regency_roles(regency_code: str) -> frozenset[str]:
    """The roles a regency uses: its people.yaml list, or the whole catalogue."""
    part = regulation.load_part(regency_code, "people") or {}
    return frozenset(part.get("roles") or catalogue())
