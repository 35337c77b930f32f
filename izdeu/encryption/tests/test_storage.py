"""Uploaded files: encrypted in chunks under random names, read back as plaintext, streamed."""

import io
import os
from pathlib import Path

import pytest
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage

from izdeu.encryption.storage import CHUNK, HEADER, TAG, CorruptFile, EncryptedFileSystemStorage

LIST = "№;ФИО;ИИН;Телефон\n1;ЗАГИПАРОВ Нурлан Серикович;920312350125;+77015550142\n".encode()


def on_disk(name) -> bytes:
    return Path(default_storage.path(name)).read_bytes()


def test_the_default_storage_encrypts():
    assert isinstance(default_storage, EncryptedFileSystemStorage)


def test_a_file_comes_back_whole_and_is_unreadable_on_disk(settings):
    name = default_storage.save("Загипаров Нурлан — список УП.csv", ContentFile(LIST))
    assert "Загипаров" not in name and ".csv" not in name and len(name) == 35
    raw = on_disk(name)
    assert b"920312350125" not in raw and "ЗАГИПАРОВ".encode() not in raw and b"+77015550142" not in raw
    with default_storage.open(name) as opened:
        assert opened.read() == LIST
    assert default_storage.size(name) == len(LIST)
    assert default_storage.exists(name)
    assert oct(os.stat(default_storage.path(name)).st_mode & 0o777) == "0o600"
    assert Path(default_storage.path(name)).is_relative_to(Path(settings.MEDIA_ROOT))


def test_two_uploads_with_one_name_get_two_random_names():
    first = default_storage.save("list.csv", ContentFile(b"a"))
    second = default_storage.save("list.csv", ContentFile(b"b"))
    assert first != second
    assert default_storage.open(first).read() == b"a" and default_storage.open(second).read() == b"b"


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 3 * CHUNK + 17])
def test_files_of_every_size_round_trip(size):
    content = os.urandom(size)
    name = default_storage.save("x", ContentFile(content))
    assert default_storage.size(name) == size
    opened = default_storage.open(name)
    assert opened.size == size
    assert b"".join(opened.chunks()) == content
    opened.close()


def test_a_file_can_be_read_from_anywhere():
    content = bytes(range(256)) * 1024  # 256 KiB, four chunks
    name = default_storage.save("x", ContentFile(content))
    with default_storage.open(name) as opened:
        opened.seek(CHUNK + 10)
        assert opened.read(100) == content[CHUNK + 10 : CHUNK + 110]
        opened.seek(-5, io.SEEK_END)
        assert opened.read() == content[-5:]
        opened.seek(0)
        assert opened.read(3) == content[:3]


def test_text_chunks_are_stored_as_utf8():
    name = default_storage.save("x", ContentFile("Абая көшесі"))
    assert default_storage.open(name).read().decode() == "Абая көшесі"
    assert default_storage.open(name, "r").read() == "Абая көшесі"


class CountingFile(io.RawIOBase):
    """A file-like source or sink that remembers the largest piece that went through it."""

    def __init__(self, inner):
        self.inner, self.largest = inner, 0

    def readable(self):
        return True

    def readinto(self, buffer):
        data = self.inner.read(len(buffer))
        self.largest = max(self.largest, len(data))
        buffer[: len(data)] = data
        return len(data)


def test_large_files_stream_in_chunks_both_ways(monkeypatch, tmp_path):
    size = 40 * CHUNK + 3  # 2.5 MiB; never held whole
    source = tmp_path / "big.bin"
    with source.open("wb") as out:
        for n in range(40):
            out.write(bytes([n]) * CHUNK)
        out.write(b"end")
    with source.open("rb") as handle:
        name = default_storage.save("big.bin", File(handle))
    opened_raw = []
    real_open = open

    def spying_open(path, mode="r", *args, **kwargs):
        handle = real_open(path, mode, *args, **kwargs)
        if "b" in mode and str(path) == default_storage.path(name):
            opened_raw.append(handle)
            original = handle.read

            def read(n=-1):
                assert 0 < n <= CHUNK + TAG, f"read {n} bytes at once"
                return original(n)

            handle.read = read
        return handle

    monkeypatch.setattr("builtins.open", spying_open)
    with default_storage.open(name) as opened:
        total, count = 0, 0
        for piece in opened.chunks(chunk_size=CHUNK):
            assert piece[:1] == (bytes([count]) if count < 40 else b"e")
            total += len(piece)
            count += 1
    assert total == size and opened_raw


def _altered(name, change):
    path = Path(default_storage.path(name))
    data = bytearray(path.read_bytes())
    path.write_bytes(bytes(change(data)))


def _read(name):
    with default_storage.open(name) as opened:
        return opened.read()


def test_an_altered_byte_is_detected():
    name = default_storage.save("x", ContentFile(os.urandom(2 * CHUNK + 5)))

    def flip(data):
        data[HEADER.size + CHUNK + 100] ^= 1
        return data

    _altered(name, flip)
    with pytest.raises(CorruptFile, match=f"upload {name}: chunk 1 under key [0-9a-f]{{8}} fails authentication"):
        _read(name)


def test_an_altered_header_is_detected():
    name = default_storage.save("x", ContentFile(b"short"))

    def salt(data):
        data[20] ^= 1
        return data

    _altered(name, salt)
    with pytest.raises(CorruptFile):
        _read(name)


def test_a_file_cut_at_a_chunk_boundary_is_detected():
    name = default_storage.save("x", ContentFile(os.urandom(3 * CHUNK)))
    _altered(name, lambda data: data[: HEADER.size + 2 * (CHUNK + TAG)])
    with pytest.raises(CorruptFile):
        _read(name)


def test_a_file_cut_inside_a_chunk_is_detected():
    name = default_storage.save("x", ContentFile(os.urandom(CHUNK + 50)))
    _altered(name, lambda data: data[:-10])
    with pytest.raises(CorruptFile):
        _read(name)


def test_swapped_chunks_are_detected():
    name = default_storage.save("x", ContentFile(os.urandom(3 * CHUNK)))
    sealed = CHUNK + TAG

    def swap(data):
        start = HEADER.size
        first, second = data[start : start + sealed], data[start + sealed : start + 2 * sealed]
        data[start : start + sealed], data[start + sealed : start + 2 * sealed] = second, first
        return data

    _altered(name, swap)
    with pytest.raises(CorruptFile):
        _read(name)


def test_a_chunk_from_another_file_is_detected():
    content = os.urandom(2 * CHUNK)
    first, second = default_storage.save("a", ContentFile(content)), default_storage.save("b", ContentFile(content))
    donor = on_disk(second)
    _altered(first, lambda data: data[: HEADER.size] + donor[HEADER.size :])
    with pytest.raises(CorruptFile):
        _read(first)


def test_a_plain_file_is_not_taken_for_an_upload():
    name = default_storage.save("x", ContentFile(b"x"))
    Path(default_storage.path(name)).write_bytes(LIST)
    with pytest.raises(CorruptFile, match="not an izdeu-encrypted file"):
        _read(name)


def test_uploads_are_never_served_by_url_and_never_opened_for_writing():
    name = default_storage.save("x", ContentFile(b"x"))
    with pytest.raises(ValueError, match="never served directly"):
        default_storage.url(name)
    with pytest.raises(ValueError, match="reading only"):
        default_storage.open(name, "wb")


def test_a_file_under_a_previous_key_stays_readable(use_keys, new_key):
    a, b = new_key(), new_key()
    use_keys(a)
    name = default_storage.save("x", ContentFile(LIST))
    use_keys(b, a)
    assert _read(name) == LIST
    use_keys(b)
    with pytest.raises(CorruptFile, match="neither IZDEU_DATA_KEY"):
        _read(name)
