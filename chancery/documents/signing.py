"""Digital signatures on PDF (PAdES, with pyHanko): the Office's signature on every document it issues, and
the check of the signatures on a signed PDF it receives.

Nghị định 30/2020/NĐ-CP Art. 17.2 and Phụ lục I: an electronic document is signed by its signer, then the
clerical office adds the body's digital signature when it issues it. In production the body's certificate
(from the government's certification authority) is a PKCS#12 file named by CHANCERY_SIGNING_PKCS12, with
its passphrase in CHANCERY_SIGNING_PASSPHRASE, and the roots trusted when checking are the PEM files in
CHANCERY_TRUSTED_ROOTS. In development and tests (CHANCERY_SIGNING_TEST_CERTIFICATE) a test authority and a
test certificate are made once under the var directory; they are marked as tests in their names.

Checks never reach the network: a signature is intact (the signed bytes are unchanged), valid (made by the
certificate it names) and trusted (that certificate chains to a trusted root) or not, and the page says so.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext as _

OFFICE_NAME = "Văn phòng Chủ tịch nước"
TEST_MARK = "(thử nghiệm)"


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

    @property
    def is_good(self) -> bool:
        return self.intact and self.valid and self.trusted


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
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(f"{OFFICE_NAME} {TEST_MARK}"))
        .issuer_name(ca_name)
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
    pem = serialization.Encoding.PEM
    key_pem = key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    # each file appears whole (written aside, then renamed), the key last: another process that sees the
    # key finds the certificates complete
    for name, content in (
        ("test-ca.pem", ca_cert.public_bytes(pem)),
        ("test-signer.pem", cert.public_bytes(pem)),
        ("test-signer.key", key_pem),
    ):
        aside = folder / f".{name}.{os.getpid()}"
        aside.write_bytes(content)
        aside.chmod(0o600)
        os.replace(aside, folder / name)


def _load_pem_cert(path: Path) -> Any:
    from asn1crypto import pem

    data = path.read_bytes()
    if pem.detect(data):
        _type, _headers, data = pem.unarmor(data)
    return asn1_x509.Certificate.load(data)


def _uses_test_certificate() -> bool:
    return bool(getattr(settings, "CHANCERY_SIGNING_TEST_CERTIFICATE", False)) and not getattr(
        settings, "CHANCERY_SIGNING_PKCS12", ""
    )


_CREATING = threading.Lock()


@cache
def _identity_der() -> tuple[bytes, bytes, tuple[bytes, ...]]:
    """The certificate, key and chain as DER bytes, read once per process."""
    pkcs12 = getattr(settings, "CHANCERY_SIGNING_PKCS12", "")
    if pkcs12:
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.serialization import pkcs12 as p12

        passphrase = getattr(settings, "CHANCERY_SIGNING_PASSPHRASE", "").encode() or None
        key, cert, extra = p12.load_key_and_certificates(Path(pkcs12).read_bytes(), passphrase)
        if key is None or cert is None:
            raise ImproperlyConfigured("CHANCERY_SIGNING_PKCS12 holds no key and certificate")
        der = serialization.Encoding.DER
        key_der = key.private_bytes(der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        return cert.public_bytes(der), key_der, tuple(c.public_bytes(der) for c in extra or ())
    if not _uses_test_certificate():
        raise ValidationError(
            _(
                "No signing certificate is configured (CHANCERY_SIGNING_PKCS12); "
                "the document cannot be signed."
            )
        )
    folder = _var_dir()
    with _CREATING:  # two requests at once make the test certificates once
        if not (folder / "test-signer.key").exists():
            _make_test_certificates(folder)
    from asn1crypto import pem

    _type, _headers, key_der = pem.unarmor((folder / "test-signer.key").read_bytes())
    return (
        _load_pem_cert(folder / "test-signer.pem").dump(),
        key_der,
        (_load_pem_cert(folder / "test-ca.pem").dump(),),
    )


def identity() -> SigningIdentity:
    """The Office's signing certificate and key. Parsed afresh on each call: asn1crypto objects parse lazily
    and are not safe to share between threads signing at the same moment."""
    cert, key, chain = _identity_der()
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


def sign(content: bytes, *, reason: str, location: str = "Hà Nội") -> bytes:
    """The PDF with the Office's PAdES signature added as an incremental update: signatures already in it
    (the signer's own) stay valid."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign import fields, signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    if not content.startswith(b"%PDF-"):
        raise ValidationError({"file": _("The signed document is a PDF file.")})
    office = identity()
    existing = len(_reader(content).embedded_signatures)
    signer = signers.SimpleSigner(
        signing_cert=office.certificate,
        signing_key=office.key,
        cert_registry=SimpleCertificateStore.from_certs(list(office.chain)),
    )
    metadata = signers.PdfSignatureMetadata(
        field_name=f"VPCTN{existing + 1}",
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason[:200],
        location=location,
        name=OFFICE_NAME,
    )
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(content), strict=False)
        return signers.sign_pdf(writer, metadata, signer=signer).getvalue()
    except (PdfError, ValueError, KeyError, IndexError, TypeError) as error:
        raise ValidationError(
            {"file": _("The file is not a readable PDF: %(error)s") % {"error": error}}
        ) from error


def check(content: bytes) -> list[SignatureCheck]:
    """Every signature in the PDF, checked offline against the trusted roots; empty when it has none."""
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    reader = _reader(content)
    context = ValidationContext(trust_roots=trusted_roots(), allow_fetching=False)
    found = []
    for embedded in reader.embedded_signatures:
        try:
            status = validate_pdf_signature(embedded, context)
        except Exception as error:  # a damaged signature raises many kinds of errors: it is not valid
            found.append(
                SignatureCheck(
                    signer=embedded.field_name or "",
                    signed_at=None,
                    intact=False,
                    valid=False,
                    trusted=False,
                    whole_file=False,
                    summary=str(error)[:300],
                )
            )
            continue
        signer = status.signing_cert.subject.native.get("common_name", "") if status.signing_cert else ""
        found.append(
            SignatureCheck(
                signer=str(signer),
                signed_at=status.signer_reported_dt,
                intact=bool(status.intact),
                valid=bool(status.valid),
                trusted=bool(status.trusted),
                whole_file=status.coverage is not None
                and status.coverage.name in {"ENTIRE_FILE", "ENTIRE_REVISION"},
                summary=str(status.summary())[:300],
            )
        )
    return found
