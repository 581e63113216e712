"""A facility's list imported again (issue 25 §1): prisoners are found by who they are, never by their row;
the preview changes nothing; a stale preview is refused; the people left out stay unless removal is chosen;
every replaced value stays in the history, shown on the proposal's page."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chancery.amnesty import intake, services
from chancery.amnesty.models import Proposal, Verdict
from chancery.amnesty.tests.factories import (
    appraise,
    import_list,
    make_amnesty,
    make_campaign,
    open_list,
    prisoner_row,
    workbook,
)
from chancery.appraisal import importing, sheets
from chancery.core import jobs
from chancery.core.models import AuditEvent, Job
from chancery.core.tests.factories import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def a():
    return make_amnesty()


def _preview(a, plist, content):
    upload = jobs.receive_upload(
        actor=a.specialist, kind="amnesty_import", upload=SimpleUploadedFile("ds.xlsx", content)
    )
    mapping = sheets.guess_mapping(sheets.read_headings(io.BytesIO(content)), intake.COLUMNS)
    return services.import_or_preview(actor=a.specialist, plist=plist, upload=upload, mapping=mapping)


def _state(plist):
    return list(
        Proposal.objects.filter(plist=plist)
        .order_by("pk")
        .values_list("pk", "prisoner_id", "facts", "verdict")
    )


def _full_list(a, size=8):
    campaign = make_campaign(a)
    plist = open_list(a, campaign)
    import_list(a, plist, workbook([prisoner_row(n) for n in range(1, size + 1)]))
    appraise(a, campaign)
    return plist


def test_a_six_row_list_into_a_full_list_is_previewed_and_overwrites_no_one(a):
    plist = _full_list(a)
    before, queued = _state(plist), Job.objects.count()
    rows = [
        prisoner_row(2, term="4 năm"),
        prisoner_row(21),
        prisoner_row(22),
        prisoner_row(6, term="4 năm"),
        prisoner_row(23),
        prisoner_row(24),
    ]
    preview = _preview(a, plist, workbook(rows))
    assert isinstance(preview, importing.Preview)
    assert (preview.added, preview.changed, preview.unchanged, preview.removed, preview.refused) == (
        4,
        2,
        0,
        6,
        0,
    )
    fields = {d["field"]: (d["old"], d["new"]) for d in preview.changed_rows[0]["differences"]}
    assert fields["Mức án"] == ("36", "48")
    assert _state(plist) == before and Job.objects.count() == queued
    job = services.confirm_import(actor=a.specialist, plist=plist, token=preview.token)
    jobs.run(job.pk)
    assert Proposal.objects.filter(plist=plist).count() == 12
    changed = Proposal.objects.get(plist=plist, prisoner__name="Nguyễn Văn Tù 2")
    assert changed.term_months == 48 and changed.verdict == Verdict.PENDING
    kept = Proposal.objects.get(plist=plist, prisoner__name="Nguyễn Văn Tù 1")
    assert (kept.pk, kept.prisoner_id, kept.facts, kept.verdict) in before
    event = AuditEvent.objects.get(changes__proposal=changed.pk)
    assert event.changes["Mức án"] == {"before": 36, "after": 48}
    page = signed_in(a.specialist).get(reverse("amnesty:proposal", args=[changed.pk])).content.decode()
    assert 'data-testid="proposal-history"' in page and "Mức án" in page


def test_reordering_a_facilitys_list_changes_nothing(a):
    plist = _full_list(a, size=3)
    before = {pk: (facts, verdict) for pk, _p, facts, verdict in _state(plist)}
    preview = _preview(a, plist, workbook([prisoner_row(3), prisoner_row(1), prisoner_row(2)]))
    assert (preview.added, preview.changed, preview.unchanged, preview.removed) == (0, 0, 3, 0)
    jobs.run(services.confirm_import(actor=a.specialist, plist=plist, token=preview.token).pk)
    assert {pk: (facts, verdict) for pk, _p, facts, verdict in _state(plist)} == before


def test_a_stale_preview_of_a_list_is_refused_and_removal_is_chosen(a):
    plist = _full_list(a, size=3)
    stale = _preview(a, plist, workbook([prisoner_row(1)]))
    import_list(a, plist, workbook([prisoner_row(1), prisoner_row(2), prisoner_row(3, term="5 năm")]))
    with pytest.raises(ValidationError) as refused:
        services.confirm_import(actor=a.specialist, plist=plist, token=stale.token)
    assert "đã thay đổi sau khi xem trước" in refused.value.messages[0]
    assert Proposal.objects.filter(plist=plist).count() == 3
    job = import_list(a, plist, workbook([prisoner_row(1)]), remove=True)
    assert job.result["removed"] == 2 and Proposal.objects.filter(plist=plist).count() == 1
