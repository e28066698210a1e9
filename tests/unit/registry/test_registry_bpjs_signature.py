import hashlib
import hmac

import pytest

from registry.domain.bpjs_signature import (
    KEY_ID,
    NONCE,
    SIGNATURE,
    TIMESTAMP,
    InMemoryNonceStore,
    canonical_request,
    check_nonce,
    parse_signing_keys,
    sign,
    verify,
)

KEYS = {"bpjs-2026": b"s3cret-2026", "bpjs-2025": b"s3cret-2025"}
NOW = 1_780_000_000
BODY = b'{"batch": 1}'
PATH = "/v1/bpjs/membership-sync?batch=7"


def signed(**overrides):
    headers = sign(key_id="bpjs-2026", secret=KEYS["bpjs-2026"], method="post", path=PATH, body=BODY,
                   timestamp=NOW, nonce="n0nce-0001")
    headers.update(overrides)
    return headers


def check(headers, *, method="POST", path=PATH, body=BODY, now=NOW, **kwargs):
    return verify(headers, method=method, path=path, body=body, keys=KEYS, now=now, **kwargs)


def test_signature_is_hmac_sha256_over_the_canonical_string():
    expected_message = (
        b"POST\n" + PATH.encode() + b"\n1780000000\nn0nce-0001\n" + hashlib.sha256(BODY).hexdigest().encode()
    )
    assert canonical_request("post", PATH, "1780000000", "n0nce-0001", BODY) == expected_message
    assert signed()[SIGNATURE] == hmac.new(b"s3cret-2026", expected_message, hashlib.sha256).hexdigest()
    assert signed()[KEY_ID] == "bpjs-2026" and signed()[TIMESTAMP] == "1780000000"


def test_a_correct_request_verifies_with_case_insensitive_headers():
    result = check({k.lower(): v for k, v in signed().items()})
    assert result.ok and result.reason is None and result.key_id == "bpjs-2026" and result.nonce == "n0nce-0001"
    assert check(signed(**{SIGNATURE: signed()[SIGNATURE].upper()})).ok


def test_an_older_key_still_listed_verifies():
    headers = sign(key_id="bpjs-2025", secret=KEYS["bpjs-2025"], method="POST", path=PATH, body=BODY, timestamp=NOW)
    assert check(headers).ok and len(headers[NONCE]) >= 16


@pytest.mark.parametrize("change,reason", [
    ({"method": "PUT"}, "bad_signature"),
    ({"path": "/v1/bpjs/membership-sync?batch=8"}, "bad_signature"),
    ({"body": b'{"batch": 2}'}, "bad_signature"),
    ({"now": NOW + 301}, "stale"),
    ({"now": NOW - 301}, "stale"),
])
def test_any_change_or_staleness_fails(change, reason):
    assert check(signed(), **change).reason == reason


def test_the_staleness_window_is_a_parameter_and_inclusive():
    assert check(signed(), now=NOW + 300).ok
    assert check(signed(), now=NOW + 60, max_skew=30).reason == "stale"


@pytest.mark.parametrize("overrides,reason", [
    ({KEY_ID: "unknown"}, "unknown_key"),
    ({TIMESTAMP: "17800000.5"}, "malformed_timestamp"),
    ({TIMESTAMP: "-1780000000"}, "malformed_timestamp"),
    ({NONCE: "short"}, "malformed_nonce"),
    ({NONCE: "has spaces in it"}, "malformed_nonce"),
    ({SIGNATURE: "zz" * 32}, "malformed_signature"),
    ({SIGNATURE: "ab" * 31}, "malformed_signature"),
    ({NONCE: "another-nonce"}, "bad_signature"),
    ({TIMESTAMP: str(NOW + 1)}, "bad_signature"),
])
def test_malformed_or_forged_headers(overrides, reason):
    assert check(signed(**overrides)).reason == reason


def test_missing_headers():
    headers = signed()
    del headers[NONCE]
    assert check(headers).reason == "missing_headers"
    assert check({}).reason == "missing_headers"


def test_a_replayed_nonce_is_caught_by_the_store():
    store = InMemoryNonceStore()
    first = check_nonce(check(signed()), store)
    assert first.ok
    replay = check_nonce(check(signed()), store)
    assert not replay.ok and replay.reason == "nonce_reused"
    other_key = sign(key_id="bpjs-2025", secret=KEYS["bpjs-2025"], method="POST", path=PATH, body=BODY,
                     timestamp=NOW, nonce="n0nce-0001")
    assert check_nonce(check(other_key), store).ok  # nonces are per key


def test_a_failed_verification_never_touches_the_store():
    store = InMemoryNonceStore()
    assert check_nonce(check(signed(), now=NOW + 999), store).reason == "stale"
    assert check_nonce(check(signed()), store).ok


def test_the_store_forgets_nonces_after_the_window():
    clock = [NOW]
    store = InMemoryNonceStore(clock=lambda: clock[0])
    assert store.remember("k", "n0nce-0001", expires_at=NOW + 300)
    assert not store.remember("k", "n0nce-0001", expires_at=NOW + 300)
    clock[0] = NOW + 301
    assert store.remember("k", "n0nce-0001", expires_at=NOW + 601)


def test_signing_keys_from_settings():
    assert parse_signing_keys("a:one, b:two:with:colons") == {"a": b"one", "b": b"two:with:colons"}
    assert parse_signing_keys("") == {}
    with pytest.raises(ValueError):
        parse_signing_keys("no-secret")
