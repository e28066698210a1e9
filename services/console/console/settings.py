from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class Settings(ServiceSettings):
    """The local OpenID Connect issuer (docs/API.md §14). Env prefix LINDUNG_CONSOLE_."""

    model_config = SettingsConfigDict(env_prefix="LINDUNG_CONSOLE_", extra="ignore")

    service_name: str = "console"
    port: int = 8000
    database_url: str = "postgresql+psycopg://postgres@127.0.0.1:5432/lindung_console"
    # the issuer identifier (`iss`) and the public base URL of the login pages
    issuer: str = "http://127.0.0.1:8000"
    # JSON key set of private JWKs (first one signs); kept outside the repository (var/ in the local run)
    signing_keys_file: str | None = None
    # the local run only: the `password` grant for the client `lindung-local-tests` (automated tests)
    local_run: bool = False
    access_token_seconds: int = 300
    refresh_token_seconds: int = 8 * 3600
    code_seconds: int = 60
    # lockout: after this many failed logins in a row an account waits lockout_seconds
    lockout_after: int = 5
    lockout_seconds: int = 900
    # rate limit of failed logins per address (429 with Retry-After)
    address_failures: int = 20
    address_window_seconds: int = 600
    # systems using client credentials: YAML [{client_id, secret_sha256 | secret, scopes, regencies}]
    oauth_clients_file: str | None = None
    session_seconds: int = 8 * 3600
    # the back office: a session unused this long ends (idle timeout)
    idle_seconds: int = 30 * 60
    # the back office is a client of the services' public APIs (never their databases)
    registry_url: str = "http://127.0.0.1:8001"
    eligibility_url: str = "http://127.0.0.1:8002"
    contribution_aid_url: str = "http://127.0.0.1:8003"
    sanctions_url: str = "http://127.0.0.1:8004"
    reporting_url: str = "http://127.0.0.1:8005"
    # the import wizard keeps uploads here between its steps, sealed (default: the system's temp dir)
    upload_dir: str | None = None
    upload_max_bytes: int = 512 * 1024 * 1024
    # the regent's dashboard as the browser reaches it (default: the reporting URL + /dashboard/)
    dashboard_url: str | None = None
    # the regency whose name the pages carry (the person's first regency when unset)
    regency_code: str | None = None
    # AES-GCM keyring (shared/pii.py format `k1:<base64>`) sealing TOTP secrets at rest
    secret_keys: str = ""
    secret_active_key: str = "k1"


def get_settings() -> Settings:
    return Settings()
