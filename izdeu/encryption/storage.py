"""Uploaded files, encrypted at rest under random names.

An uploaded list or photo holds the same personal data as the rows read from it, so the
default storage (``settings.STORAGES["default"]``) writes every file encrypted:

- the file starts with a header: magic ``IZDEUF\\x00\\x01``, the id of the key that wrote it,
  a random 16-byte salt and the chunk size;
- each file has its own key, derived with HKDF from the file sub-key and the salt;
- the content follows in chunks of 64 KiB, each sealed with AES-256-GCM; the nonce is the
  chunk's number and a "last chunk" flag, and the associated data is the header, the number
  and the flag, so a chunk that is altered, moved, dropped or appended, or a file cut short,
  fails to decrypt (the STREAM construction).

Files are stored as ``ab/ab12…`` (32 random hex digits), never under the uploaded name, which
can hold a person's name; keep the original name, if needed, in an encrypted field. ``open()``
gives back the plaintext, decrypting one chunk at a time, so a file larger than memory
streams. Nothing under ``MEDIA_ROOT`` is readable without the key, and no file is ever served
directly (``url()`` refuses): serve downloads through a view that checks access.
"""

import io
import os
import secrets
import struct
import tempfile
from collections.abc import Iterator

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.core.exceptions import SuspiciousFileOperation
from django.core.files import File
from django.core.files.storage import FileSystemStorage

from izdeu.encryption.cipher import DecryptionError
from izdeu.encryption.keyring import Key, UnknownKey, current_key, derive, keyring

MAGIC = b"IZDEUF\x00\x01"
HEADER = struct.Struct(">8s8s16sI")  # magic, key id (ASCII hex), salt, chunk size
CHUNK = 64 * 1024
TAG = 16
LABEL_FILE_KEY = b"izdeu/v1/file-key"
NAME_LENGTH = 35  # "ab/" + 32 hex digits
TEMPORARY_PREFIX = ".part-"


class CorruptFile(DecryptionError):
    """A stored file is not an izdeu-encrypted file, or it was altered or cut short."""


def _file_cipher(key: Key, salt: bytes) -> AESGCM:
    return AESGCM(derive(key.files, LABEL_FILE_KEY, salt=salt))


def _nonce(index: int, final: bool) -> bytes:
    return b"\x00\x00\x00" + index.to_bytes(8, "big") + (b"\x01" if final else b"\x00")


def _associated_data(header: bytes, index: int, final: bool) -> bytes:
    return header + index.to_bytes(8, "big") + (b"\x01" if final else b"\x00")


class Encryptor:
    """Writes the encrypted form of a stream to ``out``: header, then sealed chunks."""

    def __init__(self, out, key: Key | None = None, chunk_size: int = CHUNK):
        key = key or current_key()
        salt = os.urandom(16)
        self.header = HEADER.pack(MAGIC, key.key_id.encode("ascii"), salt, chunk_size)
        self.out, self.chunk_size = out, chunk_size
        self.cipher = _file_cipher(key, salt)
        self.index = 0
        self.pending = bytearray()
        out.write(self.header)

    def write(self, data: bytes) -> None:
        self.pending += data
        # Hold back at least one byte or one full chunk: the last chunk is sealed by close().
        while len(self.pending) > self.chunk_size:
            self._seal(bytes(self.pending[: self.chunk_size]), final=False)
            del self.pending[: self.chunk_size]

    def close(self) -> None:
        self._seal(bytes(self.pending), final=True)
        self.pending = bytearray()

    def _seal(self, plain: bytes, final: bool) -> None:
        self.out.write(
            self.cipher.encrypt(_nonce(self.index, final), plain, _associated_data(self.header, self.index, final))
        )
        self.index += 1


class Decryptor(io.RawIOBase):
    """The plaintext of an encrypted file, read one chunk at a time, seekable."""

    def __init__(self, raw, label: str):
        super().__init__()
        self.raw, self.label = raw, label
        self.header = raw.read(HEADER.size)
        if len(self.header) != HEADER.size:
            raise CorruptFile(f"upload {label}: too short to be an izdeu-encrypted file")
        magic, key_id, salt, self.chunk_size = HEADER.unpack(self.header)
        if magic != MAGIC or not 0 < self.chunk_size <= 16 * 1024 * 1024:
            raise CorruptFile(f"upload {label}: not an izdeu-encrypted file")
        self.key_id = key_id.decode("ascii", "replace")
        try:
            self.cipher = _file_cipher(keyring().get(self.key_id), salt)
        except UnknownKey as problem:
            raise CorruptFile(f"upload {label}: {problem}") from None
        body = os.fstat(raw.fileno()).st_size - HEADER.size
        sealed = self.chunk_size + TAG
        self.chunks = max(1, -(-body // sealed))
        if body - (self.chunks - 1) * sealed < TAG:
            raise CorruptFile(f"upload {label} under key {self.key_id}: cut short")
        self.size = body - self.chunks * TAG
        self.position = 0
        self.cached: tuple[int, bytes] | None = None
        self.end_verified = False

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self.position, io.SEEK_END: self.size}[whence]
        if base + offset < 0:
            raise ValueError("negative seek position")
        self.position = base + offset
        return self.position

    def chunk(self, index: int) -> bytes:
        if self.cached is not None and self.cached[0] == index:
            return self.cached[1]
        final = index == self.chunks - 1
        self.raw.seek(HEADER.size + index * (self.chunk_size + TAG))
        sealed = self.raw.read(self.chunk_size + TAG)
        try:
            plain = self.cipher.decrypt(_nonce(index, final), sealed, _associated_data(self.header, index, final))
        except InvalidTag:
            raise CorruptFile(
                f"upload {self.label}: chunk {index} under key {self.key_id} fails authentication: "
                "the file was altered, reordered or cut short"
            ) from None
        if final:
            self.end_verified = True
        self.cached = (index, plain)
        return plain

    def readinto(self, buffer) -> int:
        if self.position >= self.size:
            if not self.end_verified:
                self.chunk(self.chunks - 1)  # a file cut at a chunk boundary fails here
            return 0
        index, offset = divmod(self.position, self.chunk_size)
        piece = self.chunk(index)[offset : offset + len(buffer)]
        buffer[: len(piece)] = piece
        self.position += len(piece)
        return len(piece)

    def close(self) -> None:
        if not self.closed:
            self.raw.close()
        super().close()


def plaintext_size(stored_size: int, chunk_size: int = CHUNK) -> int:
    body = stored_size - HEADER.size
    return max(0, body - max(1, -(-body // (chunk_size + TAG))) * TAG)


class EncryptedFileSystemStorage(FileSystemStorage):
    """Django's file-system storage, with every file encrypted and randomly named (module doc)."""

    def save(self, name, content, max_length=None):
        # The name given is never used (get_available_name), so any name will do.
        return super().save(name or "upload", content, max_length=max_length)

    def generate_filename(self, filename):
        return self._random_name()

    def get_available_name(self, name, max_length=None):
        if max_length is not None and max_length < NAME_LENGTH:
            raise SuspiciousFileOperation(f"stored file names are {NAME_LENGTH} characters; the field allows {max_length}")
        while True:
            name = self._random_name()
            if not self.exists(name):
                return name

    @staticmethod
    def _random_name() -> str:
        token = secrets.token_hex(16)
        return f"{token[:2]}/{token}"

    def _save(self, name, content):
        while True:
            full_path = self.path(name)
            os.makedirs(os.path.dirname(full_path), mode=0o700, exist_ok=True)
            draft = self._write_encrypted(os.path.dirname(full_path), _chunks_of(content))
            try:
                os.link(draft, full_path)  # atomic, and never replaces an existing file
            except FileExistsError:
                name = self.get_available_name(name)
                continue
            finally:
                os.unlink(draft)
            return name

    def _write_encrypted(self, directory: str, chunks: Iterator[bytes], key: Key | None = None) -> str:
        """Encrypt into a new temporary file (mode 0600) in ``directory``; returns its path."""
        fd, draft = tempfile.mkstemp(dir=directory, prefix=TEMPORARY_PREFIX)
        try:
            with os.fdopen(fd, "wb") as out:
                encryptor = Encryptor(out, key)
                for chunk in chunks:
                    encryptor.write(chunk)
                encryptor.close()
                out.flush()
                os.fsync(out.fileno())
        except BaseException:
            os.unlink(draft)
            raise
        return draft

    def _open(self, name, mode="rb"):
        if mode not in ("rb", "r"):
            raise ValueError(f"encrypted uploads open for reading only, not {mode!r}; save a new file instead")
        reader = Decryptor(open(self.path(name), "rb"), name)  # noqa: SIM115 (closed with the File)
        stream = io.BufferedReader(reader, buffer_size=CHUNK)
        if mode == "r":
            stream = io.TextIOWrapper(stream, encoding="utf-8")
        opened = File(stream, name=name)
        opened.size = reader.size
        return opened

    def size(self, name):
        return plaintext_size(os.path.getsize(self.path(name)))

    def url(self, name):
        raise ValueError("uploads are encrypted and never served directly; serve them through a view that checks access")

    # Key rotation -------------------------------------------------------------------------------

    def stored_names(self) -> Iterator[str]:
        """Every stored file, as a storage name (temporary drafts left out)."""
        if not os.path.isdir(self.location):
            return
        for directory, folders, files in os.walk(self.location):
            folders.sort()
            for file_name in sorted(files):
                if not file_name.startswith(TEMPORARY_PREFIX):
                    path = os.path.join(directory, file_name)
                    yield os.path.relpath(path, self.location).replace(os.sep, "/")

    def key_id(self, name) -> str:
        """The id of the key a stored file is encrypted under (CorruptFile if it is not)."""
        with open(self.path(name), "rb") as raw:
            return Decryptor(raw, name).key_id

    def reencrypt(self, name, dry_run: bool = False) -> bool:
        """Re-encrypt a stored file under the current key, in place; False if it already was."""
        key = current_key()
        full_path = self.path(name)
        with open(full_path, "rb") as raw:
            reader = Decryptor(raw, name)
            if reader.key_id == key.key_id:
                return False
            if dry_run:
                return True
            draft = self._write_encrypted(os.path.dirname(full_path), iter(lambda: reader.read(CHUNK), b""), key)
        try:
            os.replace(draft, full_path)  # atomic: the old or the new file, never half of one
        except BaseException:
            os.unlink(draft)
            raise
        return True


def _chunks_of(content) -> Iterator[bytes]:
    for chunk in content.chunks():
        yield chunk.encode("utf-8") if isinstance(chunk, str) else chunk
