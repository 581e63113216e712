"""Each signer's own key: a remote signing service or a PKCS#12 file per signer (a test certificate in
development), as a pyHanko signer."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from asn1crypto import x509 as asn1_x509
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from chancery.documents.signing.certificates import (
    _CREATING,
    OFFICE_NAME,
    TEST_MARK,
    _issue_test_certificate,
    _test_authority,
    _uses_test_certificate,
    _var_dir,
    _write_whole,
)

# --- the signer's own key -----------------------------------------------------------------------------------


class SigningDeclined(Exception):
    """The signer did not approve the signature: declined it on their phone, or let the request expire."""


class RemoteSigner(Protocol):
    """A signer's key, wherever it is kept, as the Vietnamese remote signing services offer it (VNPT SmartCA,
    Viettel MySign...): the signer's certificate and its chain, and a call that sends the hash of what is
    signed, waits for the signer to approve it on their phone and returns the signature value (ECDSA: DER;
    RSA: PKCS#1 v1.5). `description` is what the signer's phone shows. Raises SigningDeclined when the signer
    refuses or does not answer.

    `asks_the_signer`: True when every signature is approved by the signer in person (a remote service's
    phone); then another person (the clerk) may start the signing. A key kept on the server (a PKCS#12 file)
    signs without asking anyone: only the signer themselves may use it (`issue_document`)."""

    asks_the_signer: bool

    def certificate(self) -> Any: ...  # asn1crypto Certificate

    def chain(self) -> Sequence[Any]: ...  # the issuing authorities' certificates

    def sign_hash(self, digest: bytes, *, algorithm: str, description: str) -> bytes: ...


class Pkcs12Signer:
    """A signer's key in a PKCS#12 file: the test certificates, or a key the Office keeps for its signer."""

    asks_the_signer = False  # it signs whoever asks: only the signer may use it

    def __init__(self, data: bytes, passphrase: bytes | None = None) -> None:
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.serialization import pkcs12

        key, cert, extra = pkcs12.load_key_and_certificates(data, passphrase)
        if key is None or cert is None:
            raise ImproperlyConfigured("a signer's PKCS#12 file holds no key and certificate")
        der = serialization.Encoding.DER
        self._key = key
        self._certificate = cert.public_bytes(der)
        self._chain = tuple(c.public_bytes(der) for c in extra or ())

    def certificate(self) -> Any:
        return asn1_x509.Certificate.load(self._certificate)

    def chain(self) -> Sequence[Any]:
        return [asn1_x509.Certificate.load(c) for c in self._chain]

    def sign_hash(self, digest: bytes, *, algorithm: str, description: str) -> bytes:
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
        from cryptography.hazmat.primitives.asymmetric.utils import Prehashed

        hashed = Prehashed(
            {"sha256": hashes.SHA256(), "sha384": hashes.SHA384(), "sha512": hashes.SHA512()}[algorithm]
        )
        if isinstance(self._key, ec.EllipticCurvePrivateKey):
            return self._key.sign(digest, ec.ECDSA(hashed))
        if isinstance(self._key, rsa.RSAPrivateKey):
            return self._key.sign(digest, padding.PKCS1v15(), hashed)
        raise ImproperlyConfigured("a signer's key is neither EC nor RSA")


def _make_signer_certificate(path: Path, name: str, position: str) -> None:
    """A signer's test certificate in their name, issued by the test authority (EC P-256, ten years)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    ca_cert, ca_key = _test_authority()
    subject = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, OFFICE_NAME),
        *([x509.NameAttribute(NameOID.TITLE, position[:64])] if position else []),
        x509.NameAttribute(NameOID.COMMON_NAME, f"{name} {TEST_MARK}"[:64]),
    ]
    key, cert = _issue_test_certificate(x509.Name(subject), ca_cert.subject, ca_key)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = pkcs12.serialize_key_and_certificates(
        name.encode(), key, cert, [ca_cert], serialization.NoEncryption()
    )
    _write_whole(path, data)


def _test_signer(user: Any) -> Pkcs12Signer:
    """The signer's test certificate, made once under the var directory (a new one if their name changed)."""
    name, position = user.get_full_name(), getattr(user, "position", "")
    key = hashlib.sha256(f"{user.get_username()}\n{name}\n{position}".encode()).hexdigest()[:24]
    path = _var_dir() / "signers" / f"{key}.p12"
    _test_authority()
    with _CREATING:
        if not path.exists():
            _make_signer_certificate(path, name, position)
    return Pkcs12Signer(path.read_bytes())


def signer_for(user: Any) -> RemoteSigner:
    """The signer's own key: from the remote signing service (CHANCERY_REMOTE_SIGNER, a function of the user
    giving a RemoteSigner or None), else their PKCS#12 file in CHANCERY_SIGNER_CERTIFICATES, else, in
    development and tests, their test certificate. Refused when the signer has none: nothing can be issued
    in their name without their signature."""
    if user is None:
        raise ValidationError(_("The document has no signer: it cannot be signed and issued."))
    factory: Any = getattr(settings, "CHANCERY_REMOTE_SIGNER", "")
    if factory:
        remote = (import_string(factory) if isinstance(factory, str) else factory)(user)
        if remote is not None:
            return remote
    folder = getattr(settings, "CHANCERY_SIGNER_CERTIFICATES", "")
    if folder:
        path = Path(folder) / f"{user.get_username()}.p12"
        if path.is_file():
            passphrase = getattr(settings, "CHANCERY_SIGNER_PASSPHRASE", "").encode() or None
            return Pkcs12Signer(path.read_bytes(), passphrase)
    if _uses_test_certificate():
        return _test_signer(user)
    raise ValidationError(
        _(
            "%(name)s has no digital signature certificate (CHANCERY_REMOTE_SIGNER or "
            "CHANCERY_SIGNER_CERTIFICATES): the document cannot be signed and issued."
        )
        % {"name": user.get_full_name()}
    )


def _largest_signature(certificate: Any) -> int:
    """The most bytes a signature by this certificate's key takes (to reserve room for it)."""
    key = certificate.public_key
    if key.algorithm == "rsa":
        return math.ceil(key.bit_size / 8)
    if key.algorithm == "ec":
        return 2 * math.ceil(key.bit_size / 8) + 9
    return 512


def _pyhanko_signer(remote: RemoteSigner, description: str) -> Any:
    """pyHanko's signer for a RemoteSigner: pyHanko builds the CMS, the remote signs its hash."""
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    certificate = remote.certificate()

    class HashSigner(signers.Signer):
        async def async_sign_raw(self, data: bytes, digest_algorithm: str, dry_run: bool = False) -> bytes:
            if dry_run:  # pyHanko measures the signature first: the signer is not asked for that
                return bytes(_largest_signature(certificate))
            digest = hashlib.new(digest_algorithm, data).digest()
            return remote.sign_hash(digest, algorithm=digest_algorithm, description=description)

    return HashSigner(
        signing_cert=certificate,
        cert_registry=SimpleCertificateStore.from_certs([certificate, *remote.chain()]),
    )
