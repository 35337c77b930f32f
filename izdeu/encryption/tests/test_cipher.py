"""Single values: AES-256-GCM, bound to their column, naming their key."""

import base64

import pytest
from django.core.exceptions import ImproperlyConfigured

from izdeu.encryption import cipher
from izdeu.encryption.keyring import current_key, keyring

PHONE = "+77015550142"
COLUMN = "searches.requester.phone"


def test_a_value_comes_back_and_is_stored_as_text_naming_its_key():
    stored = cipher.encrypt(PHONE, COLUMN)
    assert cipher.TOKEN.match(stored) and stored.startswith(f"enc1:{current_key().key_id}:")
    assert PHONE not in stored and "7015550142" not in stored
    assert cipher.decrypt(stored, COLUMN) == PHONE


def test_the_same_value_encrypts_differently_each_time():
    assert cipher.encrypt(PHONE, COLUMN) != cipher.encrypt(PHONE, COLUMN)


def test_unicode_testimony_round_trips():
    text = "Его забрали у магазина на Абая. Ұрып-соқты. 😢"
    assert cipher.decrypt(cipher.encrypt(text, "people.event.note"), "people.event.note") == text


def test_the_key_id_is_a_derivation_not_the_key(settings):
    raw = base64.urlsafe_b64decode(settings.DATA_KEY + "=" * (-len(settings.DATA_KEY) % 4))
    key_id = current_key().key_id
    assert len(key_id) == 8 and int(key_id, 16) >= 0
    assert key_id not in raw.hex() and key_id not in settings.DATA_KEY


def test_a_ciphertext_moved_to_another_column_does_not_decrypt():
    stored = cipher.encrypt(PHONE, COLUMN)
    with pytest.raises(cipher.DecryptionError) as refused:
        cipher.decrypt(stored, "searches.searchrequest.phone")
    assert "searches.searchrequest.phone" in str(refused.value)
    assert PHONE not in str(refused.value)


@pytest.mark.parametrize("position", [0, 5, 20, -3])
def test_an_altered_value_is_refused_naming_column_and_key_never_the_value(position):
    stored = cipher.encrypt(PHONE, COLUMN)
    prefix, body = stored.rsplit(":", 1)
    blob = bytearray(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    blob[position] ^= 0x01
    altered = f"{prefix}:{base64.urlsafe_b64encode(bytes(blob)).rstrip(b'=').decode()}"
    with pytest.raises(cipher.DecryptionError) as refused:
        cipher.decrypt(altered, COLUMN)
    message = str(refused.value)
    assert COLUMN in message and current_key().key_id in message
    assert PHONE not in message and body not in message


def test_a_value_under_another_key_is_refused(use_keys, new_key):
    use_keys(new_key())
    stored = cipher.encrypt(PHONE, COLUMN)
    written_under = cipher.key_id_of(stored)
    use_keys(new_key())
    with pytest.raises(cipher.DecryptionError, match=f"{COLUMN}: key {written_under} is neither"):
        cipher.decrypt(stored, COLUMN)


@pytest.mark.parametrize("stored", ["+77015550142", "enc1:zz:abc", "enc1:0123abcd:", "enc1:0123abcd:AAAA"])
def test_anything_else_is_not_taken_for_a_value(stored):
    with pytest.raises(cipher.DecryptionError):
        cipher.decrypt(stored, COLUMN)


def test_previous_keys_decrypt_but_only_the_current_key_encrypts(use_keys, new_key):
    a, b = new_key(), new_key()
    use_keys(a)
    old = cipher.encrypt(PHONE, COLUMN)
    use_keys(b, a)
    assert cipher.decrypt(old, COLUMN) == PHONE
    fresh = cipher.encrypt(PHONE, COLUMN)
    assert cipher.key_id_of(fresh) == current_key().key_id != cipher.key_id_of(old)
    moved = cipher.reencrypt(old, COLUMN)
    assert cipher.key_id_of(moved) == current_key().key_id
    use_keys(b)
    assert cipher.decrypt(moved, COLUMN) == PHONE


def test_an_unusable_previous_key_is_refused_clearly(use_keys, new_key):
    use_keys(new_key(), "not-a-key")
    with pytest.raises(ImproperlyConfigured, match="IZDEU_DATA_KEY_PREVIOUS"):
        keyring()


def test_sub_keys_are_distinct_and_not_the_data_key(settings):
    from izdeu.keys import data_key

    key = current_key()
    assert len({key.index, key.files, data_key()}) == 3
    assert repr(key) == f"<Key {key.key_id}>"


def test_equal_iins_have_equal_blind_indexes_and_another_key_gives_another(use_keys, new_key):
    use_keys(new_key())
    first = cipher.blind_index("920312350125", "iin")
    assert len(first) == 64 and int(first, 16) >= 0
    assert cipher.blind_index("9203 1235 0125", "iin") == first
    assert cipher.blind_index("920312350126", "iin") != first
    assert cipher.blind_index("920312350125", "phone") != first
    assert cipher.blind_index("", "iin") == ""
    use_keys(new_key())
    assert cipher.blind_index("920312350125", "iin") != first


def test_blind_indexes_span_every_key_during_a_rotation(use_keys, new_key):
    a, b = new_key(), new_key()
    use_keys(a)
    under_a = cipher.blind_index("920312350125", "iin")
    use_keys(b, a)
    assert cipher.blind_indexes("920312350125", "iin") == [cipher.blind_index("920312350125", "iin"), under_a]


def test_phone_numbers_are_compared_on_their_last_ten_digits():
    assert cipher.blind_index("+7 701 555 01 42", "phone") == cipher.blind_index("87015550142", "phone")
