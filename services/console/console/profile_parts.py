"""The profile parts identity owns, typed and registered with the regulation kernel: the
deployment-wide role catalogue (`profiles/roles.yaml`) and a regency's optional list of the roles
it uses (`profiles/<regency>/people.yaml`). Every service reads roles through shared/roles.py."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from shared.regulation import Strict, register_compiler, register_part

OWNER = "console"


class RoleEntry(Strict):
    label: str = Field(min_length=1, description="what people read (Bahasa Indonesia)")
    description: str | None = None
    area: Literal["regency", "village"] = "regency"
    scopes: list[str] = Field(description="scopes of shared/auth.py the role grants")


class RolesPart(Strict):
    roles: dict[str, RoleEntry]


class PeoplePart(Strict):
    roles: list[str] = Field(description="the roles of profiles/roles.yaml this regency uses")
    note: str | None = None


register_part("/roles", RolesPart, owner=OWNER, required=True)
register_part("people", PeoplePart, owner=OWNER)


def compile_all(loaded) -> list[str]:
    """Roles name only known scopes; a regency uses only catalogued roles."""
    from shared.auth import SCOPES

    catalogue = (loaded.top["roles"].data.get("roles") or {}) if "roles" in loaded.top else {}
    problems = [f"roles.yaml: role {role} names unknown scopes {sorted(set(entry['scopes']) - SCOPES)}"
                for role, entry in catalogue.items() if set(entry["scopes"]) - SCOPES]
    for code in loaded.codes_with("people"):
        unknown = set(loaded.part(code, "people")["roles"]) - set(catalogue)
        if unknown:
            problems.append(f"{loaded.regency(code).folder.name}/people.yaml: unknown roles {sorted(unknown)}")
    return problems


register_compiler(OWNER, compile_all)
