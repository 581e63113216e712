"""The keys, encrypted with a passphrase (scrypt, AES-GCM), and the manifest's signature under the audit
key."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from typing import Any

from chancery.ops.backup.layout import (
    KEYS,
    KEYS_AAD,
    MIN_PASSPHRASE,
    SCRYPT,
    SCRYPT_MAX_N,
    SIGNATURE,
    SIGNATURE_PURPOSE,
    BackupError,
)


def _scrypt_key(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode())


def encrypt_keys(keys: dict[str, Any], passphrase: str) -> dict[str, Any]:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if len(passphrase) < MIN_PASSPHRASE:
        raise BackupError(f"the passphrase for the keys must have at least {MIN_PASSPHRASE} characters")
    salt, nonce = os.urandom(16), os.urandom(12)
    key = _scrypt_key(passphrase, salt, **SCRYPT)
    sealed = AESGCM(key).encrypt(nonce, json.dumps(keys).encode(), KEYS_AAD)
    return {
        "cipher": "AES-256-GCM",
        "kdf": {"name": "scrypt", **SCRYPT, "salt": base64.b64encode(salt).decode()},
        "nonce": base64.b64encode(nonce).decode(),
        "ciphertext": base64.b64encode(sealed).decode(),
    }


def decrypt_keys(envelope: dict[str, Any], passphrase: str) -> dict[str, Any]:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        kdf = envelope["kdf"]
        n, r, p = int(kdf["n"]), int(kdf["r"]), int(kdf["p"])
        if kdf["name"] != "scrypt" or envelope["cipher"] != "AES-256-GCM" or not 2 <= n <= SCRYPT_MAX_N:
            raise ValueError
        if not (1 <= r <= 32 and 1 <= p <= 16):
            raise ValueError
        salt, nonce = base64.b64decode(kdf["salt"]), base64.b64decode(envelope["nonce"])
        sealed = base64.b64decode(envelope["ciphertext"])
    except (KeyError, TypeError, ValueError) as error:
        raise BackupError(f"{KEYS} is not a key file this Chancery reads") from error
    try:
        plain = AESGCM(_scrypt_key(passphrase, salt, n, r, p)).decrypt(nonce, sealed, KEYS_AAD)
    except InvalidTag as error:
        raise BackupError(
            "the passphrase does not open this backup's keys (or keys.enc was changed)"
        ) from error
    keys: dict[str, Any] = json.loads(plain)
    return keys


# --- the manifest's signature ----------


def _canonical(manifest: dict[str, Any]) -> bytes:
    body = {name: value for name, value in manifest.items() if name != SIGNATURE}
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def sign_manifest(manifest: dict[str, Any], key: bytes) -> str:
    """An HMAC-SHA256 over the whole manifest (all but the signature), under a key derived from the audit
    key for this purpose only."""
    derived = hmac.new(key, SIGNATURE_PURPOSE, hashlib.sha256).digest()
    return hmac.new(derived, _canonical(manifest), hashlib.sha256).hexdigest()


def _signature_matches(manifest: dict[str, Any], key: bytes) -> bool:
    signature = manifest.get(SIGNATURE)
    if not isinstance(signature, str) or not signature.isascii():
        return False
    return hmac.compare_digest(sign_manifest(manifest, key), signature)
