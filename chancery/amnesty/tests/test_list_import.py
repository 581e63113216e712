"""A facility's list imported again (issue 25 §1): prisoners are found by who they are, never by their row;
the preview changes nothing; a stale preview is refused; the people left out stay unless removal is chosen;
every replaced value stays in the history, shown on the proposal's page."""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chancery.amnesty import intake, services
from chancery.amnesty.models import Proposal, Verdict
from chancery.amnesty.tests.factories import (
    HEADINGS,
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


# --- corrections to the person (issue 25 §1): the name, birth, residence live on the shared Prisoner ---

IDENTIFIED = [*HEADINGS, "Số định danh"]


def _identified(n, **overrides):
    """Prisoner n with an identity number (the same person whatever their name, birth or residence)."""
    return [*prisoner_row(n, **overrides), f"0010850{n:05d}"]


def test_a_corrected_name_birth_and_residence_are_previewed_then_stored_on_the_prisoner(a):
    campaign = make_campaign(a)
    plist = open_list(a, campaign)
    import_list(a, plist, workbook([_identified(1), _identified(2)], IDENTIFIED))
    appraise(a, campaign)
    proposal = Proposal.objects.get(plist=plist, prisoner__name="Nguyễn Văn Tù 1")
    prisoner = proposal.prisoner
    before = _state(plist)
    corrected = _identified(1, name="Nguyễn Văn Tú", birth="12/03/1986", home="")

    preview = _preview(a, plist, workbook([corrected, _identified(2)], IDENTIFIED))
    assert (preview.added, preview.changed, preview.unchanged, preview.removed) == (0, 1, 1, 0)
    fields = {d["field"]: (d["old"], d["new"]) for d in preview.changed_rows[0]["differences"]}
    assert fields == {
        "Họ và tên": ("Nguyễn Văn Tù 1", "Nguyễn Văn Tú"),
        "Ngày sinh": ("1985-03-12", "1986-03-12"),
        "Nơi cư trú": ("Thanh Xuân, Hà Nội", "—"),  # cleared by the new list
    }
    prisoner.refresh_from_db()  # nothing changes before the confirmation
    assert (prisoner.name, prisoner.birth, prisoner.home) == (
        "Nguyễn Văn Tù 1",
        date(1985, 3, 12),
        "Thanh Xuân, Hà Nội",
    )
    assert _state(plist) == before

    job = services.confirm_import(actor=a.specialist, plist=plist, token=preview.token)
    jobs.run(job.pk)
    job.refresh_from_db()
    assert job.status == "done", job.error
    prisoner.refresh_from_db()
    assert (prisoner.name, prisoner.folded_name, prisoner.birth, prisoner.home) == (
        "Nguyễn Văn Tú",
        "nguyen van tu",
        date(1986, 3, 12),
        "",
    )
    proposal.refresh_from_db()
    assert proposal.prisoner_id == prisoner.pk and proposal.facts["birth"] == "1986-03-12"
    event = AuditEvent.objects.get(changes__proposal=proposal.pk)
    assert event.changes["Họ và tên"] == {"before": "Nguyễn Văn Tù 1", "after": "Nguyễn Văn Tú"}
    assert event.changes["Ngày sinh"] == {"before": "1985-03-12", "after": "1986-03-12"}
    assert event.changes["Nơi cư trú"] == {"before": "Thanh Xuân, Hà Nội", "after": ""}
    page = signed_in(a.specialist).get(reverse("amnesty:proposal", args=[proposal.pk])).content.decode()
    assert "Thanh Xuân, Hà Nội" in page  # the old residence, in the proposal's history
    again = _preview(a, plist, workbook([corrected, _identified(2)], IDENTIFIED))
    assert (again.changed, again.unchanged) == (0, 2)
