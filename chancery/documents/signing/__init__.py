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

The package's modules: `certificates` (the Office's identity, the test authority, the trusted roots),
`signers` (each signer's key, remote or PKCS#12), `placement` (where the signatures show on the page),
`stamps` (the visible signature and seal) and `signatures` (sign, check, what a signed PDF shows); callers
import the package.
"""

from __future__ import annotations

from chancery.documents.signing.certificates import (
    MM,
    OFFICE_NAME,
    PRESIDENT,
    TEST_MARK,
    VIETNAM,
    SignatureCheck,
    SigningIdentity,
    forget,
    identity,
    trusted_roots,
)
from chancery.documents.signing.placement import (
    INFO_HEIGHT,
    INFO_WIDTH,
    SEAL_SIZE,
    SIGNATURE_PAGES_SEARCHED,
    SIGNATURE_WIDTH,
    Box,
    seal_place,
    signature_fields,
    signature_page,
    signature_place,
    visible_signatures,
)
from chancery.documents.signing.placement import (
    _fold as _fold,
)
from chancery.documents.signing.placement import (
    _names as _names,
)
from chancery.documents.signing.placement import (
    _overlaps as _overlaps,
)
from chancery.documents.signing.placement import (
    _page as _page,
)
from chancery.documents.signing.placement import (
    _Text as _Text,
)
from chancery.documents.signing.signatures import (
    check,
    shown_date,
    shown_text,
    shows_number,
    sign,
    sign_as_signer,
    signature_count,
    signed_elsewhere_problem,
)
from chancery.documents.signing.signers import (
    Pkcs12Signer,
    RemoteSigner,
    SigningDeclined,
    signer_for,
)
from chancery.documents.signing.signers import (
    _test_signer as _test_signer,
)
from chancery.documents.signing.stamps import (
    _stamp as _stamp,
)
from chancery.documents.signing.stamps import (
    signing_time,
    specimen_place,
    time_text,
)

__all__ = [
    "INFO_HEIGHT",
    "INFO_WIDTH",
    "MM",
    "OFFICE_NAME",
    "PRESIDENT",
    "SEAL_SIZE",
    "SIGNATURE_PAGES_SEARCHED",
    "SIGNATURE_WIDTH",
    "TEST_MARK",
    "VIETNAM",
    "Box",
    "Pkcs12Signer",
    "RemoteSigner",
    "SignatureCheck",
    "SigningDeclined",
    "SigningIdentity",
    "check",
    "forget",
    "identity",
    "seal_place",
    "shown_date",
    "shown_text",
    "shows_number",
    "sign",
    "sign_as_signer",
    "signature_count",
    "signature_fields",
    "signature_page",
    "signature_place",
    "signed_elsewhere_problem",
    "signer_for",
    "signing_time",
    "specimen_place",
    "time_text",
    "trusted_roots",
    "visible_signatures",
]
