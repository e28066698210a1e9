import base64

import pytest

from shared.pii import (
    BlindIndex,
    DecryptionError,
    FieldCipher,
    KeyringError,
    coarse_coordinates,
    generate_key,
    mask_address,
    mask_name,
    parse_keyring,
)

K1 = base64.b64encode(bytes(range(32))).decode()
K2 = base64.b64encode(bytes(range(32, 64))).decode()
NIK = "5304015708850001"


def cipher(active="k1", ring=f"k1:{K1},k2:{K2}"):
    return FieldCipher.from_settings(ring, active)


def test_round_trip_and_format():
    token = cipher().encrypt(NIK, purpose="participants.nik")
    assert token.startswith("v1.k1.")
    assert NIK not in token
    assert cipher().decrypt(token, purpose="participants.nik") == NIK


def test_same_plaintext_encrypts_differently_each_time():
    c = cipher()
    assert c.encrypt("Jl. Merdeka 1", purpose="a") != c.encrypt("Jl. Merdeka 1", purpose="a")


def test_unicode_round_trip():
    c = cipher()
    assert c.decrypt(c.encrypt("Ñyoman Śri – 東", purpose="p"), purpose="p") == "Ñyoman Śri – 東"


def test_tampered_ciphertext_is_rejected():
    c = cipher()
    token = c.encrypt(NIK, purpose="participants.nik")
    head, body = token.rsplit(".", 1)
    flipped = body[:-2] + ("A" if body[-2] != "A" else "B") + body[-1]
    with pytest.raises(DecryptionError):
        c.decrypt(f"{head}.{flipped}", purpose="participants.nik")


def test_wrong_associated_data_is_rejected():
    c = cipher()
    token = c.encrypt("Ibu Kandung", purpose="participants.mother_maiden_name:1")
    with pytest.raises(DecryptionError):
        c.decrypt(token, purpose="participants.mother_maiden_name:2")
    with pytest.raises(DecryptionError):
        c.decrypt(token, purpose="participants.address:1")


def test_relabelled_key_id_is_rejected():
    c = cipher()
    token = c.encrypt(NIK, purpose="p")
    with pytest.raises(DecryptionError):
        c.decrypt(token.replace("v1.k1.", "v1.k2.", 1), purpose="p")


@pytest.mark.parametrize("bad", ["", "v1.k1", "v2.k1.AAAA", "v1.k1.!!!!", "v1.k1.AAAA", "v1.k9." + "A" * 60])
def test_malformed_or_unknown_key_tokens_are_rejected(bad):
    with pytest.raises(DecryptionError):
        cipher().decrypt(bad, purpose="p")


def test_rotation_old_ciphertext_still_decrypts_new_uses_new_key():
    old = cipher(active="k1", ring=f"k1:{K1}").encrypt(NIK, purpose="p")
    rotated = cipher(active="k2")
    assert rotated.decrypt(old, purpose="p") == NIK
    assert rotated.needs_rotation(old)
    fresh = rotated.encrypt(NIK, purpose="p")
    assert rotated.key_id_of(fresh) == "k2"
    again = rotated.reencrypt(old, purpose="p")
    assert rotated.key_id_of(again) == "k2" and rotated.decrypt(again, purpose="p") == NIK
    assert rotated.reencrypt(again, purpose="p") == again
    retired = cipher(active="k2", ring=f"k2:{K2}")
    with pytest.raises(DecryptionError):
        retired.decrypt(old, purpose="p")
    assert retired.decrypt(again, purpose="p") == NIK


@pytest.mark.parametrize("ring,active", [
    ("", "k1"), (f"k1:{K1}", "k2"), ("k1:not-base64!", "k1"),
    (f"k1:{base64.b64encode(b'short').decode()}", "k1"), (f"k1:{K1},k1:{K2}", "k1"), (f"bad.id:{K1}", "bad.id"),
    (K1, "k1"),
])
def test_bad_keyrings_are_refused(ring, active):
    with pytest.raises(KeyringError):
        FieldCipher.from_settings(ring, active)


def test_generated_key_is_usable_and_random():
    a, b = generate_key(), generate_key()
    assert a != b and len(parse_keyring(f"x:{a}")["x"]) == 32


def test_blind_index_is_deterministic_per_key_and_differs_across_keys():
    both = BlindIndex(parse_keyring(f"k1:{K1},k2:{K2}"), "k1")
    d1 = both.digest(NIK, purpose="nik")
    assert d1 == both.digest(NIK, purpose="nik")
    assert d1.startswith("k1.") and len(d1.split(".")[1]) == 32
    d2 = both.digest(NIK, purpose="nik", key_id="k2")
    assert d2.split(".")[1] != d1.split(".")[1]
    assert both.digest("5304015708850002", purpose="nik") != d1


def test_blind_index_is_not_a_plain_hash_and_separates_purposes():
    import hashlib
    index = BlindIndex.from_settings(K1)
    digest = index.digest(NIK, purpose="nik").split(".")[1]
    assert digest not in hashlib.sha256(NIK.encode()).hexdigest()
    assert index.digest(NIK, purpose="nik") != index.digest(NIK, purpose="kpj")


def test_blind_index_normalises_typing_variants():
    index = BlindIndex.from_settings(f"k1:{K1}", "k1")
    assert index.digest(" 5304.0157-0885 0001 ", purpose="nik") == index.digest(NIK, purpose="nik")


def test_blind_index_of_many_values_is_each_value_s_digest():
    """The bulk loop (BPJS sync) makes exactly the digests existing rows were stored under."""
    index = BlindIndex.from_settings(f"k1:{K1},k2:{K2}", "k2")
    values = [NIK, " 5304.0157-0885 0001 ", "5304015708850002", "３３０１", "Ab-12"]
    assert index.digests(values, purpose="nik") == [index.digest(v, purpose="nik") for v in values]
    assert index.digests([], purpose="nik") == []


def test_blind_index_rotation_lookup_covers_every_key():
    old = BlindIndex.from_settings(f"k1:{K1}", "k1").digest(NIK, purpose="nik")
    rotated = BlindIndex.from_settings(f"k1:{K1},k2:{K2}", "k2")
    candidates = rotated.all_digests(NIK, purpose="nik")
    assert candidates[0].startswith("k2.") and old in candidates


def test_masks_hide_personal_data():
    assert mask_name("Siti Aminah") == "S*** A*****"
    masked = mask_address("Jl. Merdeka No. 5, RT 01/RW 02")
    assert masked == "Jl. ******* **. *, ** **/** **"
    assert coarse_coordinates(-9.8612, 124.2781) == (-9.9, 124.3)
