from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class RegistrySettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="LINDUNG_REGISTRY_", extra="ignore")

    secret_fields = ServiceSettings.secret_fields | {"pii_keys", "blind_index_key", "bpjs_signing_keys"}
    required_in_production = ServiceSettings.required_in_production | {
        "pii_keys", "pii_active_key", "blind_index_key", "bpjs_signing_keys"}

    service_name: str = "registry"
    port: int = 8001
    database_url: str = "postgresql+psycopg://postgres@127.0.0.1:5432/lindung_registry"
    # HMAC key for the NIK blind index (separate from the encryption keys)
    blind_index_key: str = ""
    # BPJS data-exchange request signing: "key_id:secret,..."
    bpjs_signing_keys: str = ""
    bpjs_max_clock_skew_seconds: int = 300
    # size cap of the bulk uploads (BPJS membership sync, candidate imports): streamed to disk, 413 beyond
    bulk_max_bytes: int = 512 * 1024 * 1024
    # rows applied per committed transaction (the checkpoint a resume continues from)
    bulk_chunk_rows: int = 10_000
    # OSS RBA (docs/API.md §16): receiveNIB's `Token` = SHA1(username + password + npwp + Ymd); empty = refused
    oss_username: str = ""
    oss_password: str = ""
    oss_npwp: str = ""
    # OSS RBA's API for inqueryNIB (base URL and the `user_key` OSS issued); empty = not configured
    oss_base_url: str = ""
    oss_user_key: str = ""
    oss_timeout_seconds: float = 10.0
    # DCI registry search (docs/API.md DCI): this registry's sender id, its Ed25519 private key
    # (PEM or base64 raw 32 bytes) and key id, and the senders it answers (JSON):
    # {"<sender_id>": {"keys": [<Ed25519 JWK>...], "callback_prefix": "https://..."}}
    dci_sender_id: str = "lindung-registry"
    dci_private_key: str = ""
    dci_key_id: str = "lindung-1"
    dci_senders: str = ""
    # IBR peers asked before aid is allocated (JSON list): [{"name", "url" (their sync search URL),
    # "receiver_id", "api_key", "jwk" (their Ed25519 public key, to check their answers)}]
    dci_peers: str = ""
    # a peer that has not answered by then counts as "unknown" (it must not hold up an allocation)
    dci_peer_timeout_seconds: float = 2.0
    # a signed message is refused once its `expires` has passed, or when `created` is further ahead
    dci_max_clock_skew_seconds: int = 60


def get_settings() -> RegistrySettings:
    return RegistrySettings()
