"""What the handlers share within a process: the compiled regulation profiles and the NIK blind
index. Built on first use (API, worker and CLI jobs alike) and at API start, so a broken profile
stops the service from starting rather than failing requests."""
from __future__ import annotations

from eligibility.rules import ProfileRegistry, default_registry
from shared.app import Runtime
from shared.logging import get_logger
from shared.pii import BlindIndex, generate_key

log = get_logger("eligibility")
NIK_PURPOSE = "nik"


def profiles_of(runtime: Runtime) -> ProfileRegistry:
    if "profiles" not in runtime.extras:
        runtime.extras["profiles"] = default_registry()
    return runtime.extras["profiles"]


def nik_index_of(runtime: Runtime) -> BlindIndex:
    if "nik_index" not in runtime.extras:
        key = runtime.settings.blind_index_key
        if not key:
            log.warning("blind_index_key_missing", detail="LINDUNG_ELIGIBILITY_BLIND_INDEX_KEY is not set; "
                        "using an ephemeral key, audit rows of other runs cannot be matched by NIK")
            key = generate_key()
        runtime.extras["nik_index"] = BlindIndex.from_settings(key)
    return runtime.extras["nik_index"]


def prepare(runtime: Runtime) -> None:
    profiles_of(runtime)
    nik_index_of(runtime)
