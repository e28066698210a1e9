"""The role catalogue (`profiles/roles.yaml`): roles as data, each mapping to scopes of
shared/auth.py, and the roles a regency uses (`profiles/<regency>/people.yaml`, optional)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from shared import regulation


@dataclass(frozen=True)
class Role:
    id: str
    label: str
    scopes: frozenset[str]
    area: str = "regency"  # "village": only the villages the person's token names


@lru_cache(maxsize=1)
def catalogue() -> dict[str, Role]:
    """The roles of profiles/roles.yaml, read through the regulation kernel (validated there:
    console/profile_parts.py)."""
    data = regulation.profiles().top["roles"].data
    return {role_id: Role(role_id, entry["label"], frozenset(entry["scopes"]), entry.get("area", "regency"))
            for role_id, entry in (data.get("roles") or {}).items()}


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
    part = regulation.profiles().part(regency_code, "people") or {}
    return frozenset(part.get("roles") or catalogue())
