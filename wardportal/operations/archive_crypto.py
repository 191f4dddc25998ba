"""Encrypted backup archives: a passphrase (``BACKUP_PASSPHRASE``) or an age recipient (``BACKUP_AGE_RECIPIENT``).

An archive holds the session key, the CA and ward private keys and the two-step seeds: whoever reads a clear
one can forge sessions and signatures. So ``backup`` encrypts, and writes a clear archive only when asked.

- Age (https://age-encryption.org, through ``pyrage``, the Python binding of the Rust implementation ``rage``):
  the server holds only the public recipient (``age1…``); the identity that decrypts stays offline with the
  administrator and is given to ``restore --identity FILE``. The format is standard: ``age -d`` opens it too.
- Passphrase: AES-256-GCM in 1 MiB chunks (the STREAM construction: a chunk counter and a last-chunk flag in
  every nonce, the header as associated data), the key derived with scrypt. A changed byte, a dropped, swapped
  or repeated chunk, and a truncation at any point fail authentication. Streaming keeps memory flat whatever
  the archive's size.

Every failure is a ``BackupError`` with one line saying what is wrong.
"""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

PASSPHRASE_MAGIC = b"WARDPORTAL-BACKUP-AES256GCM-SCRYPT-1\n"
AGE_MAGIC = b"age-encryption.org/v1\n"
GZIP_MAGIC = b"\x1f\x8b"
CHUNK = 1024 * 1024
TAG = 16
SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P = 17, 8, 1  # 128 MiB of memory, ~0.3 s: OWASP's scrypt floor and then some
MAX_SCRYPT_LOG2_N = 20  # a crafted header cannot make restore spend gigabytes


class BackupError(RuntimeError):
    """A backup or restore that cannot be done safely; the message says why."""


@dataclass(frozen=True)
class Protection:
    """How an archive is written: exactly one of a passphrase, an age recipient, or clear (asked explicitly)."""

    passphrase: str | None = None
    age_recipient: str | None = None
    clear: bool = False

    @property
    def name(self) -> str:
        return "age" if self.age_recipient else "passphrase" if self.passphrase else "unencrypted"


def protection_from(config, unencrypted: bool) -> Protection:
    """The protection the settings ask for; refuse to fall back to a clear archive silently."""
    passphrase, recipient = config.get("BACKUP_PASSPHRASE"), config.get("BACKUP_AGE_RECIPIENT")
    if unencrypted:
        return Protection(clear=True)
    if passphrase and recipient:
        raise BackupError("both BACKUP_PASSPHRASE and BACKUP_AGE_RECIPIENT are set: keep one")
    if recipient:
        _age_recipient(recipient)  # named now, before minutes of pg_dump
        return Protection(age_recipient=recipient)
    if passphrase:
        if len(passphrase) < 12:
            raise BackupError("BACKUP_PASSPHRASE is shorter than 12 characters: choose a longer one")
        return Protection(passphrase=passphrase)
    raise BackupError("backups hold the secret key, signing keys and two-step seeds: set BACKUP_PASSPHRASE or "
                      "BACKUP_AGE_RECIPIENT to encrypt them, or pass --unencrypted to write a clear archive")


def _age_recipient(text: str):
    import pyrage
    try:
        return pyrage.x25519.Recipient.from_str(text.strip())
    except Exception:  # noqa: BLE001  (pyrage raises its own RecipientError/ValueError variants)
        raise BackupError("BACKUP_AGE_RECIPIENT is not an age public key (age1…)") from None


def encrypt_file(clear: Path, out: BinaryIO, protection: Protection) -> None:
    """Write ``clear`` (the .tar.gz) to ``out`` as ``protection`` says."""
    with open(clear, "rb") as source:
        if protection.clear:
            while chunk := source.read(CHUNK):
                out.write(chunk)
        elif protection.age_recipient:
            import pyrage
            pyrage.encrypt_io(source, out, [_age_recipient(protection.age_recipient)])
        else:
            _encrypt_passphrase(source, out, protection.passphrase)


def decrypt_file(archive: Path, out: BinaryIO, passphrase: str | None, identity_file: Path | None) -> str:
    """Write the clear .tar.gz of ``archive`` to ``out``; return how it was protected."""
    with open(archive, "rb") as source:
        head = source.read(len(PASSPHRASE_MAGIC))
        source.seek(0)
        if head.startswith(PASSPHRASE_MAGIC):
            if not passphrase:
                raise BackupError("the archive is encrypted with a passphrase: set BACKUP_PASSPHRASE to restore it")
            _decrypt_passphrase(source, out, passphrase)
            return "passphrase"
        if head.startswith(AGE_MAGIC):
            _decrypt_age(source, out, identity_file)
            return "age"
        if head.startswith(GZIP_MAGIC):
            while chunk := source.read(CHUNK):
                out.write(chunk)
            return "unencrypted"
    raise BackupError(f"{archive} is not a backup of this portal (neither encrypted nor a .tar.gz)")


def _decrypt_age(source: BinaryIO, out: BinaryIO, identity_file: Path | None) -> None:
    import pyrage
    if identity_file is None:
        raise BackupError("the archive is encrypted to an age recipient: give its identity with --identity FILE")
    try:
        lines = Path(identity_file).read_text(encoding="utf-8").splitlines()
        identities = [pyrage.x25519.Identity.from_str(line.strip()) for line in lines
                      if line.strip() and not line.startswith("#")]
    except (OSError, UnicodeDecodeError, ValueError, pyrage.IdentityError):
        raise BackupError(f"{identity_file} is not an age identity file (AGE-SECRET-KEY-1…)") from None
    try:
        pyrage.decrypt_io(source, out, identities)
    except (OSError, ValueError, pyrage.DecryptError):
        raise BackupError("the archive cannot be decrypted: it is damaged or truncated, or the identity is "
                          "not the one it was encrypted to") from None


def _header(salt: bytes, nonce_prefix: bytes, log2_n: int) -> bytes:
    return PASSPHRASE_MAGIC + salt + struct.pack(">BBB", log2_n, SCRYPT_R, SCRYPT_P) + nonce_prefix


def _key(passphrase: str, salt: bytes, log2_n: int, r: int, p: int) -> AESGCM:
    return AESGCM(Scrypt(salt=salt, length=32, n=2 ** log2_n, r=r, p=p).derive(passphrase.encode("utf-8")))


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    return prefix + struct.pack(">IB", counter, 1 if last else 0)


def _encrypt_passphrase(source: BinaryIO, out: BinaryIO, passphrase: str) -> None:
    salt, prefix = os.urandom(16), os.urandom(7)
    header = _header(salt, prefix, SCRYPT_LOG2_N)
    aead = _key(passphrase, salt, SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P)
    out.write(header)
    counter, pending = 0, source.read(CHUNK)
    while True:  # read one chunk ahead, so the last one (maybe empty, maybe full) carries the flag
        following = source.read(CHUNK)
        out.write(aead.encrypt(_nonce(prefix, counter, not following), pending, header))
        if not following:
            return
        counter, pending = counter + 1, following


def _decrypt_passphrase(source: BinaryIO, out: BinaryIO, passphrase: str) -> None:
    header = source.read(len(PASSPHRASE_MAGIC) + 16 + 3 + 7)
    if len(header) != len(PASSPHRASE_MAGIC) + 26:
        raise BackupError("the archive is truncated: its header is incomplete")
    salt = header[len(PASSPHRASE_MAGIC):len(PASSPHRASE_MAGIC) + 16]
    log2_n, r, p = struct.unpack(">BBB", header[len(PASSPHRASE_MAGIC) + 16:len(PASSPHRASE_MAGIC) + 19])
    prefix = header[-7:]
    if not (10 <= log2_n <= MAX_SCRYPT_LOG2_N and 1 <= r <= 16 and 1 <= p <= 4):
        raise BackupError("the archive's header is damaged (key derivation parameters out of range)")
    aead = _key(passphrase, salt, log2_n, r, p)
    counter, pending = 0, source.read(CHUNK + TAG)
    while True:
        following = source.read(CHUNK + TAG)
        try:
            out.write(aead.decrypt(_nonce(prefix, counter, not following), pending, header))
        except InvalidTag:
            raise BackupError("the archive cannot be decrypted: it is damaged or truncated, or BACKUP_PASSPHRASE "
                              "is not the passphrase it was written with") from None
        if not following:
            return
        counter, pending = counter + 1, following
