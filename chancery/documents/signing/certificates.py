"""The Office's certificate and identity, the test authority made once under the var directory in development
and tests, and the roots trusted when checking."""

from __future__ import annotations

import datetime as dt
import io
import os
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext as _

from chancery.documents.rules import Issuer

OFFICE_NAME = "Văn phòng Chủ tịch nước"
# The President's seal: the documents the Office issues in the President's name (Lệnh, Quyết định of the
# President) carry the seal of the State President, which the Office keeps, not the Office's own.
PRESIDENT_NAME = "Chủ tịch nước Cộng hòa xã hội chủ nghĩa Việt Nam"
# the seal holders: whom a document is issued in the name of (documents.rules.Issuer)
OFFICE, PRESIDENT = Issuer.OFFICE.value, Issuer.PRESIDENT.value
HOLDER_NAME = {OFFICE: OFFICE_NAME, PRESIDENT: PRESIDENT_NAME}
# the name in each holder's test certificate (a certificate's names are at most 64 bytes)
_TEST_NAME = {OFFICE: OFFICE_NAME, PRESIDENT: "Chủ tịch nước"}
TEST_MARK = "(thử nghiệm)"
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
MM = 72 / 25.4  # PDF points in a millimetre


@dataclass(frozen=True)
class SigningIdentity:
    certificate: Any  # asn1crypto Certificate
    key: Any  # asn1crypto PrivateKeyInfo
    chain: tuple[Any, ...]  # the issuing authorities' certificates


@dataclass(frozen=True)
class SignatureCheck:
    """One signature found in a PDF, as checked."""

    signer: str
    signed_at: dt.datetime | None
    intact: bool  # the bytes it covers are unchanged
    valid: bool  # the signature was made by the certificate it names
    trusted: bool  # that certificate chains to a trusted root
    whole_file: bool  # nothing was added after it, or only what later signatures add
    summary: str
    certificate_sha256: str = ""  # the signing certificate's fingerprint (hex), when it could be read

    @property
    def is_good(self) -> bool:
        return self.intact and self.valid and self.trusted and self.whole_file


def _var_dir() -> Path:
    return Path(settings.VAR_DIR) / "signing"


def _name(common_name: str) -> Any:
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, OFFICE_NAME),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _make_test_certificates(folder: Path) -> None:
    """A test authority and the Office's test certificate under it (EC P-256, ten years)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    folder.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name(f"Chancery Test CA {TEST_MARK}")
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(True, False, False, False, False, True, True, False, False), critical=True
        )
        .sign(ca_key, hashes.SHA256())
    )
    key, cert = _issue_test_certificate(_name(f"{OFFICE_NAME} {TEST_MARK}"), ca_name, ca_key)
    pem = serialization.Encoding.PEM
    pkcs8, clear = serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    # each file appears whole (written aside, then renamed), the Office's key last: another process that sees
    # it finds the rest complete. The authority's key is kept to issue each signer's test certificate.
    for name, content in (
        ("test-ca.pem", ca_cert.public_bytes(pem)),
        ("test-ca.key", ca_key.private_bytes(pem, pkcs8, clear)),
        ("test-signer.pem", cert.public_bytes(pem)),
        ("test-signer.key", key.private_bytes(pem, pkcs8, clear)),
    ):
        _write_whole(folder / name, content)


def _issue_test_certificate(subject: Any, issuer: Any, ca_key: Any) -> tuple[Any, Any]:
    """A signing key and its certificate for `subject`, issued by the test authority (EC P-256, ten years,
    for signatures and non-repudiation): the Office's and each signer's are made the same way."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec

    now = dt.datetime.now(dt.UTC)
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True
        )
        .sign(ca_key, hashes.SHA256())
    )
    return key, cert


def _write_whole(path: Path, content: bytes) -> None:
    aside = path.parent / f".{path.name}.{os.getpid()}.{threading.get_ident()}"
    aside.write_bytes(content)
    aside.chmod(0o600)
    os.replace(aside, path)


def _test_authority() -> tuple[Any, Any]:
    """The test authority's certificate and key (cryptography objects), made with the Office's test
    certificate when missing (a var directory from before the authority's key was kept gets a new set)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    folder = _var_dir()
    with _CREATING:  # two requests at once make the test certificates once
        if not all((folder / name).exists() for name in ("test-ca.key", "test-signer.key")):
            _make_test_certificates(folder)
    cert = x509.load_pem_x509_certificate((folder / "test-ca.pem").read_bytes())
    key = serialization.load_pem_private_key((folder / "test-ca.key").read_bytes(), None)
    return cert, key


def _load_pem_cert(path: Path) -> Any:
    from asn1crypto import pem

    data = path.read_bytes()
    if pem.detect(data):
        _type, _headers, data = pem.unarmor(data)
    return asn1_x509.Certificate.load(data)


# the settings naming each seal holder's PKCS#12 file and its passphrase
_PKCS12_SETTINGS = {
    OFFICE: ("CHANCERY_SIGNING_PKCS12", "CHANCERY_SIGNING_PASSPHRASE"),
    PRESIDENT: ("CHANCERY_PRESIDENT_SIGNING_PKCS12", "CHANCERY_PRESIDENT_SIGNING_PASSPHRASE"),
}


def _uses_test_certificate(holder: str = OFFICE) -> bool:
    return bool(getattr(settings, "CHANCERY_SIGNING_TEST_CERTIFICATE", False)) and not getattr(
        settings, _PKCS12_SETTINGS[holder][0], ""
    )


_CREATING = threading.RLock()


@cache
def _identity_der(holder: str = OFFICE) -> tuple[bytes, bytes, tuple[bytes, ...]]:
    """The seal holder's certificate, key and chain as DER bytes, read once per process."""
    file_setting, passphrase_setting = _PKCS12_SETTINGS[holder]
    pkcs12 = getattr(settings, file_setting, "")
    if pkcs12:
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.serialization import pkcs12 as p12

        passphrase = getattr(settings, passphrase_setting, "").encode() or None
        key, cert, extra = p12.load_key_and_certificates(Path(pkcs12).read_bytes(), passphrase)
        if key is None or cert is None:
            raise ImproperlyConfigured(f"{file_setting} holds no key and certificate")
        der = serialization.Encoding.DER
        key_der = key.private_bytes(der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        return cert.public_bytes(der), key_der, tuple(c.public_bytes(der) for c in extra or ())
    if not _uses_test_certificate(holder):
        if holder == PRESIDENT:
            raise ValidationError(
                _(
                    "No certificate of the State President's seal is configured "
                    "(CHANCERY_PRESIDENT_SIGNING_PKCS12); a document in the President's name cannot be "
                    "sealed with the Office's."
                )
            )
        raise ValidationError(
            _(
                "No signing certificate is configured (CHANCERY_SIGNING_PKCS12); "
                "the document cannot be signed."
            )
        )
    folder = _var_dir()
    _test_authority()
    stem = "test-signer" if holder == OFFICE else f"test-{holder}"
    with _CREATING:  # the President's test certificate, issued by the test authority once
        if not (folder / f"{stem}.key").exists():
            from cryptography.hazmat.primitives import serialization

            ca_cert, ca_key = _test_authority()
            key, cert = _issue_test_certificate(
                _name(f"{_TEST_NAME[holder]} {TEST_MARK}"), ca_cert.subject, ca_key
            )
            pem_encoding = serialization.Encoding.PEM
            _write_whole(folder / f"{stem}.pem", cert.public_bytes(pem_encoding))
            _write_whole(
                folder / f"{stem}.key",
                key.private_bytes(
                    pem_encoding, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
                ),
            )
    from asn1crypto import pem

    _type, _headers, key_der = pem.unarmor((folder / f"{stem}.key").read_bytes())
    return (
        _load_pem_cert(folder / f"{stem}.pem").dump(),
        key_der,
        (_load_pem_cert(folder / "test-ca.pem").dump(),),
    )


def identity(holder: str = OFFICE) -> SigningIdentity:
    """The seal holder's signing certificate and key: the Office's, or the State President's for what is
    issued in the President's name. Parsed afresh on each call: asn1crypto objects parse lazily and are not
    safe to share between threads signing at the same moment."""
    cert, key, chain = _identity_der(holder)
    return SigningIdentity(
        certificate=asn1_x509.Certificate.load(cert),
        key=asn1_keys.PrivateKeyInfo.load(key),
        chain=tuple(asn1_x509.Certificate.load(c) for c in chain),
    )


def forget() -> None:
    """Read the certificate again (after the settings changed)."""
    _identity_der.cache_clear()


def trusted_roots() -> list[Any]:
    """The roots a received signature may chain to: the configured ones, and the test authority when the
    test certificate is in use (so that what this installation signed checks as trusted)."""
    roots = []
    folder = getattr(settings, "CHANCERY_TRUSTED_ROOTS", "")
    if folder:
        roots += [_load_pem_cert(p) for p in sorted(Path(folder).glob("*.pem"))]
    if _uses_test_certificate():
        _identity_der()
        roots.append(_load_pem_cert(_var_dir() / "test-ca.pem"))
    return roots


def _reader(content: bytes) -> Any:
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        return PdfFileReader(io.BytesIO(content), strict=False)
    except (PdfError, ValueError, KeyError, IndexError, TypeError) as error:
        raise ValidationError(_("The file is not a readable PDF: %(error)s") % {"error": error}) from error
