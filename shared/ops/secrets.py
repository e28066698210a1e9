"""The secrets of a new server, as the files docker-compose.yml gives the containers (Docker secrets).

    python -m shared.ops.secrets init deploy/secrets --site lindung.example.go.id

writes every secret with fresh random values (never overwriting a file that exists), a
clients file with the contribution-aid service's client and an IT officer's admin client, and,
when the regency has no certificate yet, a self-signed TLS pair for the site name (replace
tls_cert.pem/tls_key.pem with the regency's certificate). The IT officer's key is printed once."""
from __future__ import annotations

import argparse
import base64
import datetime as dt
import hashlib
import ipaddress
import json
import os
import secrets
import sys
from pathlib import Path

import yaml

from console.keys import new_private_jwk
from shared.ops.backup import new_key


def _b64(size: int = 32) -> str:
    return base64.b64encode(os.urandom(size)).decode()


# The services' own clients of the registry: the key file each service sends and the client entry
# (in clients.yaml) that accepts it. A version that adds one must reach existing servers too (`init`
# on an existing folder adds what is missing), so they are listed once here.
SERVICE_CLIENTS = {
    "aid_registry_api_key": ("contribution-aid", ["registry:resolve"]),
    # sanctions asks the registry about an employer a new case names (GET /v1/employers/{id})
    "sanctions_registry_api_key": ("sanctions", ["registry:read"]),
}


def _client(name: str, key: str, scopes: list[str]) -> dict:
    return {"name": name, "key_sha256": hashlib.sha256(key.encode()).hexdigest(), "scopes": scopes,
            "regencies": "*"}


def generated() -> tuple[dict[str, str], str]:
    officer_key = secrets.token_urlsafe(32)
    service_keys = {file: secrets.token_urlsafe(32) for file in SERVICE_CLIENTS}
    clients = [_client(name, service_keys[file], scopes) for file, (name, scopes) in SERVICE_CLIENTS.items()]
    clients.append(_client("it-officer", officer_key, ["admin"]))
    files = {
        "postgres_password": secrets.token_urlsafe(24),
        "registry_pii_keys": f"k1:{_b64()}",
        "eligibility_pii_keys": f"k1:{_b64()}",
        "aid_pii_keys": f"k1:{_b64()}",
        "registry_blind_index_key": _b64(),
        "eligibility_blind_index_key": _b64(),
        "bpjs_signing_keys": f"bpjs1:{secrets.token_hex(32)}",
        **service_keys,
        "backup_keys": new_key("b1"),
        # the issuer's token-signing keys (private JWKs) and the keyring sealing TOTP secrets
        "console_signing_keys": json.dumps({"keys": [new_private_jwk()]}),
        "console_secret_keys": f"k1:{_b64()}",
        "clients.yaml": "# clients of the APIs: name, key_sha256 (sha256 of the key), scopes, regencies\n"
                        + yaml.safe_dump(clients, sort_keys=False),
    }
    return files, officer_key


def self_signed(site: str, days: int = 365) -> tuple[bytes, bytes]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    try:
        alt: x509.GeneralName = x509.IPAddress(ipaddress.ip_address(site))
    except ValueError:
        alt = x509.DNSName(site)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, site)])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=days))
            .add_extension(x509.SubjectAlternativeName([alt]), critical=False)
            .sign(key, hashes.SHA256()))
    return (cert.public_bytes(serialization.Encoding.PEM),
            key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                              serialization.NoEncryption()))


def init(folder: Path, site: str) -> tuple[list[str], str | None]:
    """Write the missing secret files; answers the names written and the IT officer's key (if new).

    On a server set up by an older version (clients.yaml exists) a service client that version did not
    have gets its key file and is appended to clients.yaml; nothing else in clients.yaml changes."""
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)  # the folder guards the files; the files stay readable for the containers' users
    files, officer_key = generated()
    written = []
    if (folder / "clients.yaml").exists():
        officer_key = None
        written += _add_missing_service_clients(folder / "clients.yaml", files)
        files = {k: v for k, v in files.items() if k != "clients.yaml" and k not in SERVICE_CLIENTS}
    if not (folder / "tls_cert.pem").exists():
        cert, key = self_signed(site)
        files["tls_cert.pem"], files["tls_key.pem"] = cert.decode(), key.decode()
    for name, content in files.items():
        if _write_new(folder / name, content):
            written.append(name)
    return written, officer_key


def _write_new(path: Path, content: str) -> bool:
    if path.exists():
        return False
    path.write_text(content if content.endswith("\n") else content + "\n")
    path.chmod(0o444)
    return True


def _add_missing_service_clients(clients_file: Path, files: dict[str, str]) -> list[str]:
    """Key file + client entry for each service client an existing clients.yaml lacks. A client whose
    name is taken but whose key file is missing is left for the IT officer (its key cannot be known)."""
    present = {c.get("name") for c in yaml.safe_load(clients_file.read_text()) or []}
    written, added = [], []
    for file, (name, scopes) in SERVICE_CLIENTS.items():
        if (clients_file.parent / file).exists():
            continue
        if name in present:
            print(f"{file} is missing but clients.yaml already has a client {name!r}: "
                  f"write the key file by hand or remove that client and run init again", file=sys.stderr)
            continue
        _write_new(clients_file.parent / file, files[file])
        written.append(file)
        added.append(_client(name, files[file], scopes))
    if added:
        before = clients_file.read_text()
        after = before + ("" if before.endswith("\n") else "\n") + yaml.safe_dump(added, sort_keys=False)
        names = {c.get("name") for c in yaml.safe_load(after) or []}
        if not {c["name"] for c in added} <= names:  # a clients.yaml not written as a block list
            raise SystemExit(f"{clients_file}: cannot append {[c['name'] for c in added]}; add them by hand")
        clients_file.chmod(0o644)
        clients_file.write_text(after)
        clients_file.chmod(0o444)
        written.append("clients.yaml")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shared.ops.secrets", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    ip = sub.add_parser("init", help="write the missing secret files of a server")
    ip.add_argument("folder", type=Path)
    ip.add_argument("--site", required=True, help="the server's host name (LINDUNG_SITE_ADDRESS)")
    args = parser.parse_args(argv)
    written, officer_key = init(args.folder, args.site)
    print(f"written in {args.folder}: {', '.join(written) or 'nothing (all present)'}", file=sys.stderr)
    if officer_key:
        print(f"IT officer's API key (X-API-Key, scope admin; shown once, keep it safe): {officer_key}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
