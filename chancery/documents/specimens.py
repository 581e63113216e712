"""The signers' signature specimens: the picture of a person's handwritten signature that the signed
electronic document shows where they sign (NĐ 30/2020 Phụ lục I: the signer's signature image, a PNG
with a transparent background; the Office's seal covers its left third).

Who may register one: an administrator, for another person. Nobody registers or removes their own (the
picture under a document's signature is not something one gives oneself), and every change is audited with
the fingerprints of the picture before and after, and told to the person. A scan on white paper is accepted:
the paper is made transparent and the picture trimmed to the signature.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chancery.core import access, audit
from chancery.core.models import AuditAction, NotificationKind
from chancery.documents.models import SignatureSpecimen

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
MAX_BYTES = 1024 * 1024
MAX_SIDE = 4000  # pixels: a signature scanned at 600 dpi is about 1,500 by 600
MIN_WIDTH, MIN_HEIGHT = 60, 20
PAPER = 230  # a pixel lighter than this in every channel is the paper, not ink


def clean(content: bytes) -> bytes:
    """The specimen as stored: a PNG with the paper made transparent, trimmed to the ink. Refused in
    Vietnamese when it is not a PNG, too large, too small, or holds no signature."""
    from PIL import Image, ImageChops, UnidentifiedImageError

    if not content.startswith(PNG_MAGIC):
        raise ValidationError({"image": _("The signature specimen is a PNG image.")})
    if len(content) > MAX_BYTES:
        raise ValidationError({"image": _("The signature specimen is larger than 1 MB: scan it smaller.")})
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            picture: Image.Image = Image.open(io.BytesIO(content))
            if max(picture.size) > MAX_SIDE:
                raise ValidationError(
                    {
                        "image": _("The signature specimen is larger than %(side)s pixels a side.")
                        % {"side": MAX_SIDE}
                    }
                )
            picture.load()
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,  # a text chunk that decompresses past Pillow's limit
        Image.DecompressionBombWarning,
        Image.DecompressionBombError,  # a picture declaring billions of pixels
    ) as error:
        raise ValidationError({"image": _("The signature specimen is not a readable PNG image.")}) from error
    picture = _eight_bit(picture).convert("RGBA")
    ink = picture.convert("L").point(lambda value: 0 if value >= PAPER else 255)
    picture.putalpha(ImageChops.multiply(picture.getchannel("A"), ink))
    bounds = picture.getchannel("A").getbbox()
    if bounds is None:
        raise ValidationError({"image": _("The signature specimen shows no signature (it is blank).")})
    picture = picture.crop(bounds)
    if picture.width < MIN_WIDTH or picture.height < MIN_HEIGHT:
        raise ValidationError(
            {
                "image": _("The signature in the specimen is too small (at least %(w)s by %(h)s pixels).")
                % {"w": MIN_WIDTH, "h": MIN_HEIGHT}
            }
        )
    out = io.BytesIO()
    picture.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _eight_bit(picture: Any) -> Any:
    """A greyscale picture of more than 8 bits a pixel (a 16-bit scan: modes I;16, I, F) scaled down to 8
    bits; Pillow's conversion would clip every value above 255 to white and the signature would vanish."""
    if picture.mode not in ("I;16", "I;16L", "I;16B", "I;16N", "I", "F"):
        return picture
    wide = picture.convert("F") if picture.mode == "F" else picture.convert("I")
    _low, high = wide.getextrema()
    top = 65535 if high > 255 or picture.mode.startswith("I;16") else 255
    return wide.point(lambda value: value * 255 / top).convert("L")


def check_may_register(actor: Any, person: Any, *, removing: bool = False) -> None:
    """An administrator, for a person other than themselves; active, unless the specimen is being removed
    (the specimen of someone who has left is removed all the same)."""
    if not access.can_manage_organisation(actor):
        raise PermissionDenied(_("Only an administrator registers signature specimens."))
    if person is not None and person.pk == getattr(actor, "pk", None):
        raise PermissionDenied(
            _("Nobody registers or removes their own signature specimen: another administrator does it.")
        )
    if person is not None and not person.is_active and not removing:
        raise ValidationError({"person": _("The account is deactivated.")})


def _tell(person: Any, title: str) -> None:
    from chancery.core.notifications import notify

    notify([person], kind=NotificationKind.SECURITY_ALERT, title=title)


@transaction.atomic
def register(*, actor: Any, person: Any, content: bytes) -> SignatureSpecimen:
    """Register (or replace) the person's specimen, audited with both fingerprints."""
    from PIL import Image

    check_may_register(actor, person)
    image = clean(content)
    width, height = Image.open(io.BytesIO(image)).size
    fingerprint = hashlib.sha256(image).hexdigest()
    existing = SignatureSpecimen.objects.select_for_update().filter(person=person).first()
    before = existing.sha256 if existing is not None else None
    specimen = existing or SignatureSpecimen(person=person)
    specimen.image = image
    specimen.sha256 = fingerprint
    specimen.width, specimen.height = width, height
    specimen.set_by = actor
    specimen.set_at = timezone.now()
    specimen.save()
    audit.record(
        action=AuditAction.UPDATE if existing is not None else AuditAction.CREATE,
        actor=actor,
        subject=person,
        changes={"signature_specimen": {"before": before, "after": fingerprint}},
        message=_("Signature specimen registered (%(width)s×%(height)s pixels)")
        % {"width": width, "height": height},
    )
    _tell(person, _("A signature specimen was registered for you by %(name)s.") % {"name": actor})
    return specimen


@transaction.atomic
def remove(*, actor: Any, person: Any) -> None:
    """Remove the person's specimen: their documents are then signed with the text of the signature."""
    check_may_register(actor, person, removing=True)
    specimen = SignatureSpecimen.objects.select_for_update().filter(person=person).first()
    if specimen is None:
        return
    audit.record(
        action=AuditAction.DELETE,
        actor=actor,
        subject=person,
        changes={"signature_specimen": {"before": specimen.sha256, "after": None}},
        message=_("Signature specimen removed"),
    )
    specimen.delete()
    _tell(person, _("Your signature specimen was removed by %(name)s.") % {"name": actor})


def image_of(person: Any) -> bytes | None:
    """The person's specimen as stored, or None."""
    if person is None or person.pk is None:
        return None
    found = SignatureSpecimen.objects.filter(person_id=person.pk).values_list("image", flat=True).first()
    return bytes(found) if found is not None else None
