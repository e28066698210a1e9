"""DCI Ed25519 message signatures (shared/dci/signature.py)."""
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from shared.dci.signature import INVALID, MISSING, KeyRing, SignatureRefused, public_jwk, sign

KEY, OTHER = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
RING = KeyRing.from_json(json.dumps({"peer": {"keys": [public_jwk(KEY, "k1")]}}))
BODY = b'{"header": {}}'
NOW = 1_800_000_000


def refused(header, body=BODY, now=NOW) -> str:
    with pytest.raises(SignatureRefused) as caught:
        RING.verify(header, body, now=now)
    return caught.value.code


def test_a_valid_signature_names_its_sender_and_key():
    verified = RING.verify(sign(KEY, sender_id="peer", kid="k1", body=BODY, now=NOW), BODY, now=NOW + 10)
    assert (verified.sender_id, verified.kid, verified.expires - verified.created) == ("peer", "k1", 300)


def test_unknown_key_wrong_sender_expired_future_tampered_and_missing_are_refused():
    good = sign(KEY, sender_id="peer", kid="k1", body=BODY, now=NOW)
    assert refused(None) == MISSING
    assert refused(sign(OTHER, sender_id="peer", kid="k1", body=BODY, now=NOW)) == INVALID
    assert refused(sign(KEY, sender_id="peer", kid="k2", body=BODY, now=NOW)) == INVALID
    assert refused(sign(KEY, sender_id="someone", kid="k1", body=BODY, now=NOW)) == INVALID
    assert refused(good, now=NOW + 300 + 61) == INVALID  # expires passed (60 s of skew allowed)
    assert refused(good, now=NOW - 120) == INVALID  # created in the future
    assert refused(good, body=BODY + b" ") == INVALID
    assert refused('keyId="peer|k1|ed25519",created="x"') == INVALID
    assert refused(sign(KEY, sender_id="peer", kid="k1", body=BODY, now=NOW, lifetime=3600)) == INVALID
