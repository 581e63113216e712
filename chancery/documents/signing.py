"""Digital signatures on PDF (PAdES, with pyHanko): the signer's own signature and the Office's seal on every
document it issues, and the check of the signatures on a signed PDF it receives.

Nghị định 30/2020/NĐ-CP Art. 17.2 and Phụ lục I: an electronic document is signed by its signer, then the
clerical office adds the body's digital signature when it issues it. Both show on the last page: the signer's
signature (name, title, signing time) between the title and the name of the signature block, and the Office's
seal (a red seal with the Office's name, and over it the Office's name and the signing time, dd/mm/yyyy
hh:mm:ss in Vietnam's time zone) covering about the left third of the signer's signature, as a seal does on
paper. Each is an incremental update, so the first stays valid under the second.

The Office's certificate: in production a PKCS#12 file named by CHANCERY_SIGNING_PKCS12, with its passphrase
in CHANCERY_SIGNING_PASSPHRASE, and the roots trusted when checking are the PEM files in
CHANCERY_TRUSTED_ROOTS. Each signer has their own certificate, reached through a `RemoteSigner`: the remote
signing service of CHANCERY_REMOTE_SIGNER (VNPT SmartCA, Viettel MySign...: Chancery sends the hash, the
signer approves on their phone, the service returns the signature), or a PKCS#12 file per signer in the
folder CHANCERY_SIGNER_CERTIFICATES (`<user name>.p12`, passphrase CHANCERY_SIGNER_PASSPHRASE). In
development and tests (CHANCERY_SIGNING_TEST_CERTIFICATE) a test authority, the Office's test certificate and
each signer's test certificate are made once under the var directory; they are marked as tests in their names.

Checks never reach the network: a signature is intact (the signed bytes are unchanged), valid (made by the
certificate it names) and trusted (that certificate chains to a trusted root) or not, and the page says so.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import math
import os
import re
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

OFFICE_NAME = "Văn phòng Chủ tịch nước"
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


def _uses_test_certificate() -> bool:
    return bool(getattr(settings, "CHANCERY_SIGNING_TEST_CERTIFICATE", False)) and not getattr(
        settings, "CHANCERY_SIGNING_PKCS12", ""
    )


_CREATING = threading.RLock()


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
    _test_authority()
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


# --- where the signatures show ------------------------------------------------------------------------------

Box = tuple[float, float, float, float]  # PDF points: left, bottom, right, top
SIGNATURE_WIDTH = 75 * MM  # the signer's signature; its right two thirds hold the text
SEAL_SIZE = 32 * MM  # the seal's diameter


@dataclass(frozen=True)
class _Text:
    text: str
    x: float
    y: float
    size: float


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _names(text: str, key: str) -> bool:
    """Whether a piece of text names the person (folded), as whole words: "Lê Khánh Hải" is not found in
    "Lê Khánh Hải Yến" nor "Nguyễn Lê Khánh Hải" (the examiner of issue 30 matched a part of a name)."""
    return bool(key) and re.search(rf"(?<!\w){re.escape(key)}(?!\w)", _fold(text)) is not None


def _page(content: bytes, index: int = -1, reader: Any = None) -> tuple[float, float, list[_Text]]:
    """A page's width and height and the pieces of text on it with their positions (the last by default);
    `reader`, a PdfReader of `content` already open, spares reading the file again page after page."""
    from pypdf import PdfReader

    page = (reader or PdfReader(io.BytesIO(content))).pages[index]
    left, bottom = float(page.mediabox.left), float(page.mediabox.bottom)
    texts: list[_Text] = []

    def visit(text: str, cm: Sequence[float], tm: Sequence[float], _font: Any, size: float) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4] - left
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5] - bottom
            scale = abs(tm[3] * cm[3]) or 1
            texts.append(_Text(text.strip(), x, y, float(size) * scale))

    try:
        page.extract_text(visitor_text=visit)
    except Exception:  # a page pypdf cannot read text from: the signature goes bottom right
        texts = []
    return float(page.mediabox.width), float(page.mediabox.height), texts


_RECIPIENTS = "nơi nhận"  # the heading of the recipients, level with the signature block (Phụ lục I)
SIGNATURE_PAGES_SEARCHED = 30  # from the end, for a document without "Nơi nhận"


def signature_page(content: bytes, name: str = "") -> int:
    """The page of the signature block. It stands level with "Nơi nhận:" (Phụ lục I), so the first page
    that has "Nơi nhận" is searched for from the start: a decision comes before its annex however long the
    annex (the examiner of issue 30 found a 39-page decision signed on its last annex page, and one whose
    annex named someone of the signer's name signed over that row). When the signer's name is not on that
    page but on the next, the block was split across the two: the name's page. A document without "Nơi
    nhận": the last page with the name, searched from the end, else the last page."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    count = len(reader.pages)
    key = _fold(name)

    def has(index: int, text: str) -> bool:
        return any(text in _fold(t.text) for t in _page(content, index, reader)[2])

    def named(index: int) -> bool:
        return any(_names(t.text, key) for t in _page(content, index, reader)[2])

    for index in range(count):
        if has(index, _RECIPIENTS):
            if key and not named(index) and index + 1 < count and named(index + 1):
                return index + 1
            return index
    if key:
        for index in range(count - 1, max(-1, count - 1 - SIGNATURE_PAGES_SEARCHED), -1):
            if named(index):
                return index
    return count - 1


def signature_place(content: bytes, name: str = "", page: int = -1) -> Box:
    """Where the signer's signature goes on `page`: between the title and the name of the signature block
    (Phụ lục I), found by the signer's name; without it, bottom right below the last text."""
    width, _height, texts = _page(content, page)
    key = _fold(name)
    named = [t for t in texts if _names(t.text, key)]
    if named:
        line = min(named, key=lambda t: t.y)  # the lowest: the name under the signature
        centre = line.x + 0.25 * line.size * len(line.text)
        # the block's own column: "Nơi nhận" on the left, however long, is not the block's title (the examiner
        # of issue 30 saw its lines squeeze the signature onto the printed name)
        column = (centre - SIGNATURE_WIDTH / 2, centre + SIGNATURE_WIDTH / 2)
        above = [
            t
            for t in texts
            if line.y + line.size < t.y < line.y + 50 * MM
            and t.x < column[1]
            and t.x + 0.5 * t.size * len(t.text) > column[0]
        ]
        top = min(t.y for t in above) - 2 if above else line.y + line.size + 22 * MM
        bottom = line.y + 0.8 * line.size
        if top - bottom < 16 * MM:
            middle = (top + bottom) / 2
            bottom, top = middle - 8 * MM, middle + 8 * MM
    elif block := _block_beside_recipients(width, texts):
        centre, top = block
        bottom = top - 22 * MM
    else:
        lowest = min((t.y for t in texts), default=260 * MM)
        top = lowest - 8 * MM
        bottom = top - 22 * MM
        if bottom < 15 * MM:
            bottom, top = 15 * MM, 37 * MM
        centre = width - 15 * MM - SIGNATURE_WIDTH / 3
    right = min(centre + SIGNATURE_WIDTH / 3, width - 5 * MM)
    return (right - SIGNATURE_WIDTH, bottom, right, top)


INFO_WIDTH = 24 * MM  # the seal's words (the Office's name, the signing time) beside it, in five lines
INFO_HEIGHT = 17 * MM


def _overlaps(box: Box, texts: Sequence[_Text]) -> bool:
    """Whether any text printed on the page (its width estimated from its length) runs into `box`."""
    left, bottom, right, top = box
    return any(
        t.x < right and t.x + 0.5 * t.size * len(t.text) > left and t.y < top and t.y + t.size > bottom
        for t in texts
    )


def _block_beside_recipients(width: float, texts: Sequence[_Text]) -> tuple[float, float] | None:
    """Where a signature block without the signer's name printed under it is: the lines on the right half of
    the page level with "Nơi nhận:" (its title, e.g. "KT. CHỦ TỊCH NƯỚC" over "PHÓ CHỦ TỊCH NƯỚC"); their
    centre and the foot of the lowest, or None."""
    headings = [t for t in texts if _fold(t.text).startswith(_RECIPIENTS)]
    if not headings:
        return None
    heading = min(headings, key=lambda t: t.y)
    title = [
        t
        for t in texts
        if t.x > width / 2 - 10 * MM and heading.y - 12 * MM < t.y < heading.y + heading.size + 3 * MM
    ]
    if not title:
        return None
    centre = sum(t.x + 0.25 * t.size * len(t.text) for t in title) / len(title)
    return centre, min(t.y for t in title) - 2


def seal_place(signature: Box, texts: Sequence[_Text] = ()) -> tuple[Box, str]:
    """Where the Office's signature shows: its seal covers about the left third of the signer's signature,
    centred on its height (Phụ lục I), and its words (the Office's name, the signing time) are set beside the
    seal, never over the signer's strokes (the examiner of issue 30 found them crossing): on its left where
    the page is blank there, else under it. The box, and "left" or "below"."""
    left, bottom, right, top = signature
    edge = left + (right - left) / 3
    middle = (bottom + top) / 2
    seal = (max(edge - SEAL_SIZE, 2 * MM), middle - SEAL_SIZE / 2, edge, middle + SEAL_SIZE / 2)
    beside = (seal[0] - INFO_WIDTH, middle - INFO_HEIGHT / 2, seal[0], middle + INFO_HEIGHT / 2)
    if beside[0] >= 5 * MM and not _overlaps(beside, texts):
        return (beside[0], seal[1], seal[2], seal[3]), "left"
    return (seal[0], seal[1] - INFO_HEIGHT, max(seal[2], seal[0] + INFO_WIDTH), seal[3]), "below"


def signature_fields(content: bytes) -> list[tuple[str, int, Box]]:
    """The signature fields shown on any page, in the order they were added: field name, page and box."""
    from pypdf import PdfReader

    found = []
    for index, page in enumerate(PdfReader(io.BytesIO(content)).pages):
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            field = annot if "/FT" in annot else annot.get("/Parent", annot).get_object()
            if annot.get("/Subtype") != "/Widget" or field.get("/FT") != "/Sig":
                continue
            x0, y0, x1, y1 = (float(v) for v in annot.get("/Rect", [0, 0, 0, 0]))
            if x1 - x0 > 0 and y1 - y0 > 0:
                found.append((str(field.get("/T", "")), index, (x0, y0, x1, y1)))
    return found


def visible_signatures(content: bytes, page: int | None = None) -> list[tuple[str, Box]]:
    """The signature fields shown on `page` (the last by default), in the order they were added."""
    from pypdf import PdfReader

    wanted = page if page is not None else len(PdfReader(io.BytesIO(content)).pages) - 1
    return [(field, box) for field, on, box in signature_fields(content) if on == wanted]


def _font_file() -> str:
    """The letters' serif (Times New Roman when installed: Phụ lục I's font for the signature's details),
    scaled to 1000 units per em when it has another scale: pyHanko writes the glyph widths in the font's own
    units where PDF reads thousandths of an em, so a 2048-unit font (DejaVu, Liberation, Times New Roman)
    would print its letters spread apart. The scaled copy is made once under the var directory."""
    from fontTools.ttLib import TTFont

    from chancery.documents import layout

    files = layout.font_files()
    if files is None:
        raise ValidationError(
            _(
                "No font with Vietnamese letters is installed for PDF letters "
                "(install fonts-dejavu-core or set CHANCERY_LETTER_FONT_DIR)."
            )
        )
    source = Path(files[0])
    stat = source.stat()
    scaled = _var_dir() / "fonts" / f"{source.stem}-{stat.st_size}-{int(stat.st_mtime)}-1000.ttf"
    if scaled.exists():
        return str(scaled)
    font = TTFont(str(source))
    if font["head"].unitsPerEm == 1000:
        return str(source)
    from fontTools.ttLib.scaleUpem import scale_upem

    scale_upem(font, 1000)
    out = io.BytesIO()
    font.save(out)
    scaled.parent.mkdir(parents=True, exist_ok=True)
    _write_whole(scaled, out.getvalue())
    return str(scaled)


def _font() -> Any:
    import logging

    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory

    # fontTools warns of every table it drops from the subset it embeds (FFTM): nothing to act on
    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
    return GlyphAccumulatorFactory(_font_file(), font_size=10)


@cache
def _seal_png() -> bytes:
    """The Office's seal, drawn: a red ring with the Office's name around it and a star below."""
    from PIL import Image, ImageDraw, ImageFont

    from chancery.documents import layout

    size, red = 800, (204, 0, 0, 255)
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    c = size / 2
    draw.ellipse((8, 8, size - 8, size - 8), outline=red, width=22)
    draw.ellipse((118, 118, size - 118, size - 118), outline=red, width=8)
    files = layout.font_files()
    font = ImageFont.truetype(files[1], 62) if files else ImageFont.load_default(62)
    text = OFFICE_NAME.upper()
    spread = 250  # degrees of the ring the name takes, centred on the top
    for i, letter in enumerate(text):
        angle = -spread / 2 + spread * (i + 0.5) / len(text)
        tile = Image.new("RGBA", (110, 110), (0, 0, 0, 0))
        ImageDraw.Draw(tile).text((55, 55), letter, font=font, fill=red, anchor="mm")
        tile = tile.rotate(-angle, resample=Image.Resampling.BICUBIC)
        radius = c - 78
        x = c + radius * math.sin(math.radians(angle)) - 55
        y = c - radius * math.cos(math.radians(angle)) - 55
        image.alpha_composite(tile, (round(x), round(y)))
    star = [
        (c + r * math.sin(math.radians(36 * k)), c + 295 - r * math.cos(math.radians(36 * k)))
        for k in range(10)
        for r in [(34 if k % 2 == 0 else 14)]
    ]
    draw.polygon(star, fill=red)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def signing_time(at: dt.datetime | None = None) -> dt.datetime:
    return (at or timezone.now()).astimezone(VIETNAM).replace(microsecond=0)


def time_text(at: dt.datetime) -> str:
    """“05/12/2026 16:30:00 +07:00”: day, month, year, time and Vietnam's offset (Phụ lục I: ISO 8601)."""
    offset = at.strftime("%z")
    return f"{at:%d/%m/%Y %H:%M:%S} {offset[:3]}:{offset[3:]}"


def specimen_place(box: Box, specimen: bytes) -> Box:
    """Where the signer's signature image goes: centred under the signer's title, over the name (Phụ lục I),
    as large as the signature block's height allows and at most two thirds of its width, in the picture's
    own proportions; the seal then covers the picture's left third."""
    from PIL import Image

    width, height = Image.open(io.BytesIO(specimen)).size
    left, bottom, right, top = box
    centre, middle = right - (right - left) / 3, (bottom + top) / 2
    shown_width = min(SIGNATURE_WIDTH * 2 / 3, (top - bottom) * width / height)
    shown_height = shown_width * height / width
    return (
        centre - shown_width / 2,
        middle - shown_height / 2,
        centre + shown_width / 2,
        middle + shown_height / 2,
    )


def _stamp(kind: str, box: Box, specimen: bytes | None = None) -> Any:
    from PIL import Image
    from pyhanko.pdf_utils.images import PdfImage
    from pyhanko.pdf_utils.layout import AxisAlignment, BoxConstraints, Margins, SimpleBoxLayoutRule
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    width, height = box[2] - box[0], box[3] - box[1]
    middle = AxisAlignment.ALIGN_MID
    text_style = TextBoxStyle(font=_font(), font_size=10, leading=11)
    if kind == "signer" and specimen is not None:  # the picture alone: who signed and when is in the seal
        return TextStampStyle(
            stamp_text=" ",
            text_box_style=text_style,
            border_width=0,
            background=PdfImage(
                Image.open(io.BytesIO(specimen)), box=BoxConstraints(width=width, height=height)
            ),
            background_opacity=1,
            background_layout=SimpleBoxLayoutRule(x_align=middle, y_align=middle, margins=Margins.uniform(0)),
        )
    if kind == "signer":  # no specimen registered: the signature's details in words
        return TextStampStyle(
            stamp_text="%(who)s\n%(title)s\nThời gian ký:\n%(when)s",
            text_box_style=text_style,
            border_width=0,
            inner_content_layout=SimpleBoxLayoutRule(
                x_align=middle, y_align=middle, margins=Margins(int(width / 3) + 6, 2, 2, 2)
            ),
        )
    seal = PdfImage(
        Image.open(io.BytesIO(_seal_png())), box=BoxConstraints(width=SEAL_SIZE, height=SEAL_SIZE)
    )
    low, top, left = AxisAlignment.ALIGN_MIN, AxisAlignment.ALIGN_MAX, AxisAlignment.ALIGN_MIN
    below = kind == "seal-below"
    return TextStampStyle(
        stamp_text="%(who)s\nThời gian ký:\n%(date)s\n%(time)s",
        text_box_style=TextBoxStyle(font=_font(), font_size=8, leading=9),
        border_width=0,
        background=seal,
        background_opacity=0.9,
        # the seal at the box's right (its words on its left) or at its top (its words under it)
        background_layout=SimpleBoxLayoutRule(
            x_align=left if below else top, y_align=top if below else middle, margins=Margins.uniform(0)
        ),
        inner_content_layout=SimpleBoxLayoutRule(
            x_align=left,
            y_align=low if below else middle,
            margins=Margins(0, 0, int(SEAL_SIZE), 0) if below else Margins(0, int(SEAL_SIZE + 2 * MM), 0, 0),
        ),
    )


def _add_signature(
    content: bytes,
    *,
    signer: Any,
    field: str,
    box: Box,
    stamp: Any,
    text: dict[str, str],
    at: dt.datetime,
    name: str,
    reason: str,
    location: str,
    page: int = -1,
) -> bytes:
    """One visible PAdES signature on `page`, added as an incremental update, signed at `at`."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign import fields, signers
    from pyhanko.sign.general import SigningError

    class Signing(signers.PdfSigner):
        def init_signing_session(self, pdf_out: Any, existing_fields_only: bool = False) -> Any:
            session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
            session.system_time = at  # the time shown on the page is the time signed
            return session

    metadata = signers.PdfSignatureMetadata(
        field_name=field,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason[:200],
        location=location,
        name=name,
    )
    x0, y0, x1, y1 = (round(v) for v in box)
    spec = fields.SigFieldSpec(field, on_page=page, box=(x0, y0, x1, y1))
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(content), strict=False)
        signing = Signing(metadata, signer=signer, stamp_style=stamp, new_field_spec=spec)
        return signing.sign_pdf(writer, appearance_text_params=text).getvalue()
    except SigningDeclined:
        raise
    except (PdfError, SigningError, ValueError, KeyError, IndexError, TypeError) as error:
        raise ValidationError(
            {"file": _("The file is not a readable PDF: %(error)s") % {"error": error}}
        ) from error


def sign_as_signer(
    content: bytes,
    *,
    signer: RemoteSigner,
    name: str,
    title: str,
    reason: str,
    printed_name: str = "",
    specimen: bytes | None = None,
    location: str = "Hà Nội",
    at: dt.datetime | None = None,
) -> bytes:
    """The PDF with the signer's own PAdES signature, shown in the signature block of the last page (found
    by the name printed under it, `printed_name` or else `name`): the picture of their signature
    (`specimen`, chancery.documents.specimens) when one is registered, else their name, title and the signing
    time in words. Refused in Vietnamese when the signer declines."""
    if not content.startswith(b"%PDF-"):
        raise ValidationError({"file": _("The signed document is a PDF file.")})
    existing = len(_reader(content).embedded_signatures)
    at = signing_time(at)
    page = signature_page(content, printed_name or name)
    box = signature_place(content, printed_name or name, page)
    if specimen is not None:
        box = specimen_place(box, specimen)
    try:
        return _add_signature(
            content,
            signer=_pyhanko_signer(signer, reason),
            field=f"NguoiKy{existing + 1}",
            box=box,
            stamp=_stamp("signer", box, specimen),
            page=page,
            text={"who": name, "title": title, "when": time_text(at)},
            at=at,
            name=name,
            reason=reason,
            location=location,
        )
    except SigningDeclined as error:
        raise ValidationError(
            _("%(name)s did not approve the digital signature (%(reason)s): nothing was issued.")
            % {"name": name, "reason": str(error) or _("declined")}
        ) from error


def signature_count(content: bytes) -> int:
    """How many signatures the PDF carries (refused when it is not a readable PDF)."""
    return len(_reader(content).embedded_signatures)


def sign(content: bytes, *, reason: str, location: str = "Hà Nội", at: dt.datetime | None = None) -> bytes:
    """The PDF with the Office's PAdES signature added as an incremental update: signatures already in it
    (the signer's own) stay valid. Its seal shows over the left third of the signer's signature on the last
    page (or where the signature block is, when the signer's signature does not show), with the Office's
    name and the signing time."""
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    if not content.startswith(b"%PDF-"):
        raise ValidationError({"file": _("The signed document is a PDF file.")})
    office = identity()
    existing = len(_reader(content).embedded_signatures)
    # over the signer's signature, on its page (a decision's annex may follow it)
    shown = [(page, box) for field, page, box in signature_fields(content) if not field.startswith("VPCTN")]
    page, signed = shown[-1] if shown else (-1, signature_place(content))
    box, side = seal_place(signed, _page(content, page)[2])
    at = signing_time(at)
    when = time_text(at)
    return _add_signature(
        content,
        signer=signers.SimpleSigner(
            signing_cert=office.certificate,
            signing_key=office.key,
            cert_registry=SimpleCertificateStore.from_certs(list(office.chain)),
        ),
        field=f"VPCTN{existing + 1}",
        box=box,
        stamp=_stamp(f"seal-{side}", box),
        page=page,
        text={"who": OFFICE_NAME.replace(" Chủ", "\nChủ"), "date": when[:10], "time": when[11:]},
        at=at,
        name=OFFICE_NAME,
        reason=reason,
        location=location,
    )


# What may follow a signature in later revisions without changing what was signed: more signatures and
# their validation data (pyhanko's difference analysis of the revisions after it).
_HARMLESS_LATER_CHANGES = {"NONE", "LTA_UPDATES", "FORM_FILLING"}


def _covers_what_is_shown(status: Any) -> bool:
    """Whether the signature vouches for the file as a reader sees it: it covers the whole file, or its
    revision and only further signatures came after (an incremental update that draws on a page after
    signing, as a forger adds an amount, is not)."""
    coverage = getattr(status.coverage, "name", "")
    if coverage == "ENTIRE_FILE":
        return True
    level = getattr(getattr(status, "modification_level", None), "name", "")
    return (
        coverage == "ENTIRE_REVISION" and level in _HARMLESS_LATER_CHANGES and status.docmdp_ok is not False
    )


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
        fingerprint = status.signing_cert.sha256.hex() if status.signing_cert else ""
        found.append(
            SignatureCheck(
                signer=str(signer),
                signed_at=status.signer_reported_dt,
                intact=bool(status.intact),
                valid=bool(status.valid),
                trusted=bool(status.trusted),
                whole_file=_covers_what_is_shown(status),
                summary=str(status.summary())[:300],
                certificate_sha256=fingerprint,
            )
        )
    return found


def signed_elsewhere_problem(content: bytes, *, signer: Any, number: str) -> str:
    """Why a PDF the clerk brings as signed by the document's signer outside Chancery cannot be issued as
    this document, or "": every signature in it must be intact, valid, trusted and vouch for the file as
    shown; one must be made with the signer's own certificate (`signer_for`); and its text must carry this
    document's number, so that another document the same person signed is not issued under this number."""
    checks = check(content)
    if not all(found.is_good for found in checks):
        return _("A signature in the file is not valid, not trusted, or the file was changed after signing.")
    own = signer_for(signer).certificate().sha256.hex()
    if not any(found.certificate_sha256 == own for found in checks):
        return _("The file is not signed with %(name)s's own certificate.") % {"name": signer.get_full_name()}
    if not shows_number(content, number):
        return _("The signed file does not carry this document's number %(number)s.") % {"number": number}
    return ""


def shown_text(content: bytes) -> str:
    """A PDF's text, every page, without spaces or line breaks (as pypdf extracts them, irregularly)."""
    return "".join("".join((page.extract_text() or "") for page in _reader_pages(content)).split())


def _page_text(content: bytes) -> str:
    """A PDF's text as extracted, every page, NFC, without the invisible format characters (a zero-width
    space typed into "Số:" hides nothing from the reader and must hide nothing from the check)."""
    raw = "\n".join((page.extract_text() or "") for page in _reader_pages(content))
    return "".join(ch for ch in unicodedata.normalize("NFC", raw) if unicodedata.category(ch) != "Cf")


def shows_number(content: bytes, number: str) -> bool:
    """Whether a PDF's number line ("Số: 12/QĐ-CTN", the colon full-width or not) carries the document's
    number (spaces inside it ignored, as text extraction splits it), and not as a part of another ("Số:
    212/QĐ-CTN", "12/QĐ-CTNX"): the number written elsewhere in the text (a decision citing another) does not
    count (the examiner of issue 30). The words around it are kept apart as the page shows them (a correct
    "Số: 1125/QĐ-CTN" was refused once when the spaces before "Độc lập" were taken out)."""
    wanted = r"\s*".join(re.escape(ch) for ch in "".join(number.split()))
    pattern = (
        rf"(?<!\w)(?:Số|SỐ|So|SO)\s*[:：]\s*{wanted}(?![\w-])"  # "số 12/QĐ-CTN" in a sentence is a citation
    )
    return re.search(pattern, _page_text(content)) is not None


_SHOWN_DATE = re.compile(
    r",\s*ngày\s*(?P<day>\d{1,2})\s*(?:tháng\s*(?P<month>\d{1,2})\s*năm|/\s*(?P<fmonth>\d{1,2})\s*/)\s*"
    r"(?P<year>\d{4})",
    re.IGNORECASE,
)


def shown_date(content: bytes) -> dt.date | None:
    """The date a PDF shows on its place-and-date line ("Hà Nội, ngày 06 tháng 12 năm 2026", or in figures),
    the first such line; None when none is written or it is no date."""
    found = _SHOWN_DATE.search(_page_text(content))
    if found is None:
        return None
    try:
        return dt.date(int(found["year"]), int(found["month"] or found["fmonth"]), int(found["day"]))
    except ValueError:
        return None


def _reader_pages(content: bytes) -> list[Any]:
    from pypdf import PdfReader

    return list(PdfReader(io.BytesIO(content)).pages)
