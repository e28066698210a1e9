"""What the issuer answers (OpenID Connect Discovery 1.0, RFC 7517 JWKS, RFC 6749 token, OIDC userinfo)
and the token request's form, for the OpenAPI document (shared/answers.py: extra fields allowed)."""
from __future__ import annotations

from pydantic import ConfigDict, Field

from shared.answers import Answer


class OpenIdConfiguration(Answer):
    """OpenID Connect Discovery 1.0: where the issuer's endpoints are and what it supports."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "issuer": "http://127.0.0.1:8000", "authorization_endpoint": "http://127.0.0.1:8000/authorize",
        "token_endpoint": "http://127.0.0.1:8000/token", "userinfo_endpoint": "http://127.0.0.1:8000/userinfo",
        "jwks_uri": "http://127.0.0.1:8000/.well-known/jwks.json", "end_session_endpoint": "http://127.0.0.1:8000/logout",
        "response_types_supported": ["code"],
        "grant_types_supported": ["authorization_code", "refresh_token", "client_credentials"],
        "code_challenge_methods_supported": ["S256"], "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"], "scopes_supported": ["openid", "profile"],
        "token_endpoint_auth_methods_supported": ["none", "client_secret_basic", "client_secret_post"],
        "claims_supported": ["sub", "name", "preferred_username", "roles", "regencies"]}]})
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    userinfo_endpoint: str
    jwks_uri: str
    end_session_endpoint: str
    response_types_supported: list[str]
    grant_types_supported: list[str]
    code_challenge_methods_supported: list[str]
    subject_types_supported: list[str]
    id_token_signing_alg_values_supported: list[str]
    scopes_supported: list[str]
    token_endpoint_auth_methods_supported: list[str]
    claims_supported: list[str]


class Jwk(Answer):
    """A public signing key (RFC 7517/7518 RSA: `n`, `e`); never a private member."""

    kty: str
    kid: str
    alg: str
    use: str
    n: str
    e: str


class Jwks(Answer):
    """Kunci publik penerbit / the issuer's public keys: tokens name theirs by `kid`."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{"keys": [{
        "kty": "RSA", "kid": "2026-01", "alg": "RS256", "use": "sig", "n": "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiA",
        "e": "AQAB"}]}]})
    keys: list[Jwk]


class TokenAnswer(Answer):
    """RFC 6749 §5.1: a signed access token (JWT, `typ: at+jwt`); for a person also a rotating refresh
    token and an OpenID Connect ID token."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "access_token": "eyJhbGciOiJSUzI1NiIsInR5cCI6ImF0K2p3dCJ9.e30.c2ln", "token_type": "Bearer",
        "expires_in": 300, "scope": "clearance:read"}]})
    access_token: str
    token_type: str
    expires_in: int
    scope: str
    refresh_token: str | None = Field(None, description="a person's grants only")
    id_token: str | None = Field(None, description="a person's grants only")


class UserInfo(Answer):
    """The person the access token names (OIDC userinfo)."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "sub": "3f2e1d0c-9b8a-4765-8432-10fedcba9876", "name": "Siti Aminah", "nip": "198503122010012003",
        "office": "Dinas Tenaga Kerja dan Transmigrasi", "position": "Pengelola Data", "roles": ["petugas"],
        "regencies": ["6207"]}]})
    sub: str
    name: str
    nip: str | None
    office: str | None
    position: str | None
    roles: list[str]
    regencies: list[str]


# the token request is a form (RFC 6749 §4): read by the handler itself, declared here for clients
TOKEN_FORM = {"requestBody": {"required": True, "content": {"application/x-www-form-urlencoded": {
    "schema": {"type": "object", "required": ["grant_type"], "properties": {
        "grant_type": {"type": "string", "enum": ["authorization_code", "refresh_token", "client_credentials",
                                                  "password"]},
        "client_id": {"type": "string", "description": "or HTTP Basic (client_secret_basic)"},
        "client_secret": {"type": "string", "description": "confidential clients (client_secret_post)"},
        "code": {"type": "string"}, "redirect_uri": {"type": "string"},
        "code_verifier": {"type": "string", "description": "PKCE S256 verifier"},
        "refresh_token": {"type": "string"},
        "username": {"type": "string", "description": "password grant: the local run's test client only"},
        "password": {"type": "string"}, "otp": {"type": "string", "description": "TOTP code, when enrolled"}}},
    "example": {"grant_type": "client_credentials", "client_id": "oss-gateway", "client_secret": "…"}}}}}
