"""A draft's history as staff read it (the examiner of issue 30): an approval is named as one, not as a bare
"Sửa đổi"; versions are v1 → v2; the approval steps are "bước", with the submission only from the second."""

from __future__ import annotations

import pytest

from chancery.core.models import AuditAction, AuditEvent
from chancery.core.tests.factories import signed_in
from chancery.documents import services
from chancery.documents.tests.factories import Office, approved, make_office

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_media")]


def test_an_approval_and_a_version_read_as_staff_say_them() -> None:
    office: Office = make_office()
    document = approved(office)
    events = AuditEvent.objects.filter(object_type="documents.outgoingdocument", object_id=document.pk)
    reviews = events.filter(action=AuditAction.REVIEW)
    assert reviews.count() == 2  # the head of unit's, then the signer's
    assert {e.action_text for e in reviews} == {"Cho ý kiến duyệt"}
    (version,) = [e for e in events if "version" in e.changes]
    assert [(r["before"], r["after"]) for r in version.change_rows] == [(None, "v1")]

    page = signed_in(office.specialist).get(document.get_absolute_url()).content.decode()
    assert "Cho ý kiến duyệt" in page and "bước 1" in page
    assert "đợt 1.1" not in page and "sha256:" not in page


def test_a_second_version_is_v1_to_v2() -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from chancery.documents import layout
    from chancery.documents.tests.factories import draft
    from chancery.documents.tests.test_layout import values

    office: Office = make_office()
    document = draft(office)
    services.upload_version(
        actor=office.specialist,
        document=document,
        upload=SimpleUploadedFile("du-thao.docx", layout.render_docx(layout.default_template(), values())),
    )
    event = (
        AuditEvent.objects.filter(object_type="documents.outgoingdocument", object_id=document.pk)
        .filter(changes__has_key="version")
        .latest("id")
    )
    assert [(r["before"], r["after"]) for r in event.change_rows] == [("v1", "v2")]
