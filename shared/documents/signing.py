"""Electronic signatures (PAdES, pyHanko) with the regency's certificate, through a configurable
signer: `LINDUNG_DOCUMENTS_SIGNER` is `local-test-ca` (default: the local run and tests create
their own CA and one signing certificate per regency under `LINDUNG_DOCUMENTS_SIGNING_DIR`),
`pkcs12:<directory>` (a `<regency_code>.p12` per regency, passphrase in
`LINDUNG_DOCUMENTS_SIGNING_PASSPHRASE`: how a certificate issued by BSrE is installed) or `none`.
The register signs a PDF once, before hashing it, so the stored hash is the signed file's."""
from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
import threading
from functools import cache
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

_lock = threading.Lock()


def signer_setting() -> str:
    return os.environ.get("LINDUNG_DOCUMENTS_SIGNER", "local-test-ca")


def signing_dir() -> Path:
    return Path(os.environ.get("LINDUNG_DOCUMENTS_SIGNING_DIR", Path(tempfile.gettempdir()) / "lindung-test-ca"))


async def sign_pdf(content: bytes, regency_code: str, *, reason: str, location: str) -> bytes:
    """The PDF with a PAdES signature of the regency's certificate (unchanged when signing is off)."""
    setting = signer_setting()
    if setting == "none":
        return content
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter

    signer = _signer(setting, regency_code)
    meta = signers.PdfSignatureMetadata(field_name="Tanda_Tangan_Elektronik", reason=reason, location=location,
                                        subfilter=SigSeedSubFilter.PADES, md_algorithm="sha256")
    out = await signers.async_sign_pdf(IncrementalPdfFileWriter(io.BytesIO(content)), meta, signer=signer)
    return out.getvalue()


@cache
def _signer(setting: str, regency_code: str):
    from pyhanko.sign import signers

    if setting.startswith("pkcs12:"):
        passphrase = os.environ.get("LINDUNG_DOCUMENTS_SIGNING_PASSPHRASE", "").encode() or None
        return signers.SimpleSigner.load_pkcs12(str(Path(setting[7:]) / f"{regency_code}.p12"), passphrase)
    if setting != "local-test-ca":
        raise ValueError(f"LINDUNG_DOCUMENTS_SIGNER: unknown signer {setting!r}")
    key, cert, ca = local_certificate(regency_code)
    return signers.SimpleSigner.load(str(key), str(cert), ca_chain_files=(str(ca),))


def local_ca(directory: Path | None = None) -> tuple[Path, Path]:
    """(key, certificate) of the local test CA, created once per directory."""
    directory = directory or signing_dir()
    key_path, cert_path = directory / "ca.key.pem", directory / "ca.cert.pem"
    with _lock:
        if not cert_path.exists():
            directory.mkdir(parents=True, exist_ok=True)
            key = ec.generate_private_key(ec.SECP256R1())
            name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Lindung Test CA (bukan BSrE)")])
            cert = (_builder(name, name, key.public_key(), 3650)
                    .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
                    .add_extension(_usage(ca=True), critical=True).sign(key, hashes.SHA256()))
            _write(key_path, cert_path, key, cert)
    return key_path, cert_path


def local_certificate(regency_code: str) -> tuple[Path, Path, Path]:
    """(key, certificate, CA certificate) of a regency's signing certificate from the test CA."""
    directory = signing_dir()
    ca_key_path, ca_cert_path = local_ca(directory)
    key_path, cert_path = directory / f"{regency_code}.key.pem", directory / f"{regency_code}.cert.pem"
    with _lock:
        if not cert_path.exists():
            ca_key = serialization.load_pem_private_key(ca_key_path.read_bytes(), None)
            ca_cert = x509.load_pem_x509_certificate(ca_cert_path.read_bytes())
            key = ec.generate_private_key(ec.SECP256R1())
            subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"Pemerintah Kabupaten {regency_code}"),
                                 x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Lindung (sertifikat uji)")])
            cert = (_builder(subject, ca_cert.subject, key.public_key(), 1825)
                    .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                    .add_extension(_usage(ca=False), critical=True)
                    .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
                    .sign(ca_key, hashes.SHA256()))
            _write(key_path, cert_path, key, cert)
    return key_path, cert_path, ca_cert_path


def _builder(subject, issuer, public_key, days: int) -> x509.CertificateBuilder:
    now = dt.datetime.now(dt.UTC)
    return (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(public_key)
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=days)))


def _usage(ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(digital_signature=not ca, content_commitment=not ca, key_encipherment=False,
                         data_encipherment=False, key_agreement=False, key_cert_sign=ca, crl_sign=ca,
                         encipher_only=False, decipher_only=False)


def _write(key_path: Path, cert_path: Path, key, cert) -> None:
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    key_path.chmod(0o600)
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
