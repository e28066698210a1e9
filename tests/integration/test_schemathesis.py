"""Schemathesis against every real service process (issue 13 item 5): all default checks
(not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
...) plus stateful links where the document has them, with the admin key and with a key limited to
one regency and to reading; the console's JSON API (OIDC discovery, JWKS, token, userinfo, persons) with
the admin key and with a person's token it issued itself. 0 failures; the figures are printed for the
report."""
from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest

from registry.domain.oss import oss_token
from shared.devstack.services import CONSOLE, SERVICES
from tests.conftest import LOG_DIR
from tests.integration.conftest import ADMIN_KEY, CLIENT_KEYS
from tests.integration.people import TEST_CLIENT
from tests.integration.registry.dci_helpers import SENDER, SENDER_KEY, raw_b64, registry_env
from tests.integration.registry.fake_oss import USER_KEY, FakeOss

CONFIG = Path(__file__).parent / "conformance" / "schemathesis.toml"
ROOT = Path(__file__).resolve().parents[2]
MAX_EXAMPLES = int(os.environ.get("LINDUNG_SCHEMATHESIS_EXAMPLES", "5"))
BUDGET_SECONDS = int(os.environ.get("LINDUNG_SCHEMATHESIS_SECONDS", "24"))
# the test client would trip the auth-failure limiter within a minute and then only see 429s
GENEROUS_LIMITS = {"RATE_AUTH_FAILURES": "100000/minute", "RATE_EXPENSIVE": "100000/minute",
                   "RATE_EXPENSIVE_PER_ADDRESS": "100000/minute"}
# Routes that speak a neighbour's standard (OSS RBA, DCI) are exercised with the neighbour's secrets: the registry
# knows an OSS account (receiveNIB's Token), a DCI sender (its Ed25519 key signs the searches) and asks a recorded
# fake OSS (inqueryNIB); the sanctions service has a signing official for every regency (licence-status). The
# hooks send schema-valid cases as the neighbour would (hooks.py `_as_the_neighbour`); invalid ones meet the
# refusals the document declares in the neighbour's envelope. No route is left out.
EXCLUDED = ""
OSS_ACCOUNT = {"OSS_USERNAME": "oss-schemathesis", "OSS_PASSWORD": "rahasia-uji", "OSS_NPWP": "001234567890000"}
SIGNER = {"name": "Drs. Contoh Pejabat, M.Si", "nip": "197001011990031001", "position": "Kepala Dinas"}
REGENCIES = ("5304", "6101", "6207", "6309", "6405")
# the console's login page answers a browser with HTML pages (tests/integration/identity/test_browser_login.py)
CONSOLE_EXCLUDED = "^/authorize$"


def _env_for(service, neighbours: dict | None = None) -> dict:
    prefix = f"LINDUNG_{service.name.upper().replace('-', '_')}_"
    return {prefix + name: value for name, value in {**GENEROUS_LIMITS, **(neighbours or {})}.items()}


@contextlib.contextmanager
def _neighbours(service):
    """The settings a service needs to answer its neighbours' routes, and the env the hooks sign with."""
    if service.name == "sanctions":
        yield {"OSS_SIGNERS": json.dumps(dict.fromkeys(REGENCIES, SIGNER))}, {}
    elif service.name == "registry":
        with FakeOss() as fake:
            dci = {name.removeprefix("LINDUNG_REGISTRY_"): value for name, value in registry_env().items()}
            token = oss_token(*OSS_ACCOUNT.values(), dt.datetime.now(ZoneInfo("Asia/Jakarta")).date())
            yield ({**OSS_ACCOUNT, **dci, "OSS_BASE_URL": fake.base_url, "OSS_USER_KEY": USER_KEY},
                   {"LINDUNG_SCHEMATHESIS_OSS_TOKEN": token, "LINDUNG_SCHEMATHESIS_DCI_KEY": raw_b64(SENDER_KEY),
                    "LINDUNG_SCHEMATHESIS_DCI_SENDER": f"{SENDER}|k1",
                    # under the sender's callback prefix; nothing listens there (the answer is tested elsewhere)
                    "LINDUNG_SCHEMATHESIS_DCI_CALLBACK": "http://127.0.0.1:9/dci"})
    else:
        yield {}, {}


def _run(base: str, header: str, report: Path, seconds: int, exclude: str = EXCLUDED,
         hooks_env: dict | None = None) -> subprocess.CompletedProcess:
    command = [str(Path(sys.executable).parent / "schemathesis"), "--config-file", str(CONFIG), "run",
               base + "/openapi.json",
               "--checks", "all", "--max-examples", str(MAX_EXAMPLES), "--max-time", str(seconds),
               "--header", header, "--seed", "13", "--generation-deterministic",
               # one worker: CPython 3.11's ast is not thread-safe (hypothesis describes lambdas with it)
               "--request-timeout", "20", "--workers", "1", "--no-color",
               "--report", "junit", "--report-junit-path", str(report)]
    if exclude:
        command += ["--exclude-path-regex", exclude]
    env = {**os.environ, **(hooks_env or {}), "SCHEMATHESIS_HOOKS": "tests.integration.conformance.hooks",
           "PYTHONPATH": str(ROOT), "LINDUNG_SCHEMATHESIS_AS": "key" if header.startswith("X-API-Key") else "person"}
    return subprocess.run(command, capture_output=True, text=True, timeout=seconds * 3 + 120, cwd=ROOT, env=env)


@pytest.mark.parametrize("service", SERVICES, ids=[s.name for s in SERVICES])
def test_schemathesis_finds_nothing(processes, service, tmp_path):
    with _neighbours(service) as (settings, hooks_env):
        processes.start(service.name, "api", extra_env=_env_for(service, settings))
        processes.wait_ready(service.name)
        base = processes.base_url(service.name)
        # the restricted key mostly meets 403s: a shorter budget says what it has to say
        runs = (("admin", f"X-API-Key: {ADMIN_KEY}", BUDGET_SECONDS),
                ("viewer-6101", f"X-API-Key: {CLIENT_KEYS['viewer-6101']}", BUDGET_SECONDS // 2))
        _assert_no_failures(service.name, base, runs, tmp_path, hooks_env=hooks_env)


def _assert_no_failures(name: str, base: str, runs, tmp_path: Path, exclude: str = EXCLUDED,
                        hooks_env: dict | None = None) -> None:
    outcomes = []
    for who, header, seconds in runs:
        result = _run(base, header, tmp_path / f"{who}.xml", seconds, exclude, hooks_env)
        (LOG_DIR / f"schemathesis-{name}-{who}.txt").write_text(result.stdout + result.stderr)
        summary = result.stdout.strip().splitlines()[-12:]
        print(f"[schemathesis] {name} as {who}: " + json.dumps(summary, ensure_ascii=False))
        outcomes.append((who, result))
    failed = [(who, r.stdout[-6000:]) for who, r in outcomes if r.returncode != 0]
    assert not failed, failed


def _person_token(base: str) -> str:
    """A person's access token from the console itself: an officer of 6101 (no admin role) is created
    with the admin key and signs in with the local run's password grant."""
    person = {"username": "schemathesis.petugas", "password": "kata-sandi-uji-1", "name": "Petugas Uji",
              "roles": ["petugas"], "regencies": ["6101"]}
    created = httpx.post(base + "/v1/persons", json=person, headers={"X-API-Key": ADMIN_KEY})
    assert created.status_code in (201, 409), created.text
    answer = httpx.post(base + "/token", data={"grant_type": "password", "client_id": TEST_CLIENT,
                                               "username": person["username"], "password": person["password"]})
    assert answer.status_code == 200, answer.text
    return answer.json()["access_token"]


def test_schemathesis_finds_nothing_at_the_console(processes, infra, tmp_path):
    """The issuer's JSON API, as the admin key and as a person with its own token (401/403 where they may
    not). Refused logins count per address: those of the run are removed afterwards, so later tests from
    127.0.0.1 are not rate limited by them."""
    processes.start("console", "api", extra_env={**_env_for(CONSOLE), "LINDUNG_CONSOLE_ADDRESS_FAILURES": "100000"})
    processes.wait_ready("console")
    base = processes.base_url("console")
    runs = (("admin", f"X-API-Key: {ADMIN_KEY}", BUDGET_SECONDS),
            ("petugas-6101", f"Authorization: Bearer {_person_token(base)}", BUDGET_SECONDS // 2))
    try:
        _assert_no_failures("console", base, runs, tmp_path, exclude=CONSOLE_EXCLUDED)
    finally:
        infra.sql("console", "DELETE FROM login_failures WHERE address = '127.0.0.1'")
