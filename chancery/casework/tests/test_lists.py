"""The shared case list: keyset pages that visit every row once in either direction, filters, sort, saved
filters, the Excel export, and the access policy under all of them (nobody lists, counts or exports a record
they may not see)."""

import dataclasses
import html
import re
from datetime import datetime, timedelta
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import QueryDict
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from chancery.casework import export, lists, services
from chancery.casework.models import LegalClock, SavedFilter
from chancery.core import services as core_services
from chancery.core.models import AuditAction, AuditEvent, Job, JobStatus, RoleCode, SecrecyLevel
from chancery.core.tests.factories import UnitFactory, make_staff
from chancery.core.tests.protected.models import Complaint
from chancery.core.tests.test_api import api_as

pytestmark = pytest.mark.django_db

COMPLAINTS = lists.REGISTRY["complaints"]


@pytest.fixture
def office():
    home, other = UnitFactory.create(name="Vụ Pháp luật"), UnitFactory.create(name="Vụ Tổng hợp")
    people = {
        "home": home,
        "other": other,
        "cv": make_staff("cv", unit=home, roles=(RoleCode.SPECIALIST,)),
        "outsider": make_staff("ngoai", unit=other, roles=(RoleCode.SPECIALIST,)),
        "leader": make_staff(
            "ld", unit=None, roles=(RoleCode.LEADERSHIP,), clearance=SecrecyLevel.TOP_SECRET
        ),
        "admin": make_staff("qt", unit=None, roles=(RoleCode.ADMINISTRATOR,)),
    }
    return people


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _ids(page) -> list[int]:
    return [r.pk for r in page.records]


def _walk(case_list, user, data):
    """Every page forward from the first, then every page backward from the last."""
    forward, page = [], lists.list_page(case_list, user, data)
    pages = [page]
    forward += _ids(page)
    while page.next_cursor:
        page = lists.list_page(case_list, user, {**data, "cursor": page.next_cursor})
        pages.append(page)
        forward += _ids(page)
    backward = list(_ids(page))
    while page.prev_cursor:
        page = lists.list_page(case_list, user, {**data, "cursor": page.prev_cursor})
        backward = _ids(page) + backward
    return forward, backward, pages


# --- keyset pages ----------


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    titles=st.lists(st.sampled_from(["Đơn A", "Đơn B", "Đơn C", "Ân", "Ăn"]), min_size=0, max_size=23),
    size=st.integers(min_value=1, max_value=6),
    sort=st.sampled_from(["-id", "id", "title", "-title", "created_at", "-created_at"]),
)
def test_pages_visit_every_record_once_in_order_both_ways(office, titles, size, sort) -> None:
    Complaint.objects.all().delete()
    moment = timezone.now()
    for n, title in enumerate(titles):
        # Several records share a title and a time: the id breaks the tie.
        Complaint.objects.create(title=title, owning_unit=office["home"])
        Complaint.objects.filter(title=title).update(created_at=moment - timedelta(hours=n % 3))
    small = dataclasses.replace(COMPLAINTS, page_size=size)
    forward, backward, pages = _walk(small, office["cv"], {"sort": sort})
    field = sort.removeprefix("-")
    expected = list(
        Complaint.objects.order_by(
            *((sort, f"{sort[0]}id") if sort.startswith("-") else (sort, "id"))
        ).values_list("pk", flat=True)
        if field != "id"
        else Complaint.objects.order_by(sort).values_list("pk", flat=True)
    )
    assert forward == expected
    assert backward == expected
    assert all(len(p.records) <= size for p in pages)
    assert pages[0].prev_cursor is None


def test_a_damaged_or_foreign_cursor_shows_the_first_page_with_a_warning(office) -> None:
    for n in range(3):
        Complaint.objects.create(title=f"Đơn {n}", owning_unit=office["home"])
    client = _client(office["cv"])
    page = client.get("/lists/complaints/?cursor=!!not-a-cursor")
    assert page.status_code == 200
    assert page.context["page"].cursor_dropped
    assert len(page.context["page"].records) == 3
    other_sort = lists.Cursor(True, "title", "Đơn 1", 1).encode()
    page = client.get(f"/lists/complaints/?sort=-id&cursor={other_sort}")
    assert page.context["page"].cursor_dropped
    # a cursor the form itself refuses (a NUL, far too long): the same, never a page with nothing on it
    for damaged in ("%00", "A" * 1000, "%00abc"):
        page = client.get(f"/lists/complaints/?sort=-id&cursor={damaged}")
        assert page.context["page"].cursor_dropped and len(page.context["page"].records) == 3, damaged
        assert "không còn khớp" in page.content.decode()


def test_the_count_stops_at_its_cap(office, monkeypatch) -> None:
    monkeypatch.setattr(lists, "COUNT_CAP", 5)
    for n in range(7):
        Complaint.objects.create(title=f"Đơn {n}", owning_unit=office["home"])
    page = lists.list_page(COMPLAINTS, office["cv"], {})
    assert (page.count, page.count_capped) == (5, True)
    Complaint.objects.filter(pk__in=list(Complaint.objects.values_list("pk", flat=True)[:3])).delete()
    page = lists.list_page(COMPLAINTS, office["cv"], {})
    assert (page.count, page.count_capped) == (4, False)


def test_a_clerk_counts_the_whole_list_on_asking_and_only_what_they_may_see(office, monkeypatch) -> None:
    """Issue 26: the incoming register said "hơn 500"; a clerk needs the exact number for the period."""
    monkeypatch.setattr(lists, "COUNT_CAP", 5)
    Complaint.objects.bulk_create(
        [Complaint(title=f"Đơn {n}", owning_unit=office["home"]) for n in range(1207)]
    )
    Complaint.objects.create(title="Đơn đơn vị khác", owning_unit=office["other"])
    client = _client(office["cv"])
    capped = client.get("/lists/complaints/").content.decode()
    assert 'data-testid="count-exactly"' in capped
    exact = client.get("/lists/complaints/?exact=1")
    assert (exact.context["page"].count, exact.context["page"].count_capped) == (1207, False)
    assert "1.207 hồ sơ" in exact.content.decode()
    # the next page keeps counting what the person asked to be counted
    following = re.search(r'href="\?([^"]*)" data-page-next', exact.content.decode())
    assert following is not None and "exact=1" in following.group(1)
    second = client.get("/lists/complaints/?" + html.unescape(following.group(1)))
    assert (second.context["page"].count, second.context["page"].count_capped) == (1207, False)
    # the register of a period is counted exactly without asking, whichever end of the period is given
    today = timezone.localdate().isoformat()
    for period in (
        f"created_from={today}",
        f"created_to={today}",
        f"created_from={today}&created_to={today}",
    ):
        counted = client.get(f"/lists/complaints/?{period}")
        assert (counted.context["page"].count, counted.context["page"].count_capped) == (1207, False), period
        assert 'data-testid="count-exactly"' not in counted.content.decode()
    # any other filter is capped (a state of hundreds of thousands of rows is seconds to count under the
    # access policy) with the whole count one click away, and the queue's link asks for it
    state = Complaint.objects.values_list("state", flat=True).first()
    capped_state = client.get(f"/lists/complaints/?state={state}")
    assert (capped_state.context["page"].count, capped_state.context["page"].count_capped) == (5, True)
    assert 'data-testid="count-exactly"' in capped_state.content.decode()
    assert client.get(f"/lists/complaints/?state={state}&exact=1").context["page"].count == 1207
    assert client.get(f"/lists/complaints/?state={state}&exact=0").context["page"].count_capped


def test_a_list_refuses_a_sort_column_that_may_be_null_or_is_not_a_field() -> None:
    with pytest.raises(ValueError, match="may be null"):
        lists.CaseList("x", LegalClock, "x", columns=(lists.Column("stopped_on", "x", sortable=True),))
    with pytest.raises(ValueError, match="not a field"):
        lists.CaseList("x", Complaint, "x", columns=(lists.Column("state_label", "x", sortable=True),))


# --- access ----------


def test_nobody_lists_counts_or_pages_through_records_they_may_not_see(office) -> None:
    mine = Complaint.objects.create(title="Đơn của Vụ Pháp luật", owning_unit=office["home"])
    theirs = Complaint.objects.create(title="Đơn của Vụ Tổng hợp", owning_unit=office["other"])
    secret = Complaint.objects.create(
        title="Đơn mật", owning_unit=office["home"], secrecy=SecrecyLevel.SECRET
    )
    page = lists.list_page(COMPLAINTS, office["cv"], {})
    assert _ids(page) == [mine.pk]
    assert page.count == 1
    # Filtering by the other unit does not reach round the policy.
    assert _ids(lists.list_page(COMPLAINTS, office["cv"], {"unit": office["other"]})) == []
    assert set(_ids(lists.list_page(COMPLAINTS, office["leader"], {}))) == {mine.pk, theirs.pk, secret.pk}
    # The administrator role gives no sight of records.
    assert _ids(lists.list_page(COMPLAINTS, office["admin"], {})) == []
    html = _client(office["outsider"]).get("/lists/complaints/").content.decode()
    assert "Đơn của Vụ Tổng hợp" in html
    assert "Đơn của Vụ Pháp luật" not in html
    assert "Đơn mật" not in html


def test_a_masked_column_is_masked_on_the_page_in_the_api_and_in_the_export(
    office, settings, tmp_path, django_capture_on_commit_callbacks
) -> None:
    settings.MEDIA_ROOT = tmp_path
    Complaint.objects.create(
        title="Đơn mật", body="Người tố cáo: Nguyễn Văn A", owning_unit=office["home"], secrecy=1
    )
    # Cleared for Mật, so no second factor is asked: the head of the owning unit sees the record, masked.
    head = make_staff(
        "truong", unit=office["home"], roles=(RoleCode.HEAD_OF_UNIT,), clearance=SecrecyLevel.CONFIDENTIAL
    )
    html = _client(head).get("/lists/complaints/").content.decode()
    assert "Đơn mật" in html
    assert "Nguyễn Văn A" not in html
    assert lists.MASK in html
    api = api_as(head).get("/api/v1/lists/complaints/").json()
    assert api["results"][0]["cells"]["body"] == lists.MASK
    with django_capture_on_commit_callbacks(execute=True):
        _client(head).post("/lists/complaints/export/", {"query": ""})
    job = Job.objects.get(kind="list_export")
    sheet = load_workbook(tmp_path / job.result["file"]).active
    assert [c.value for c in sheet[2]][5] == lists.MASK


# --- filters ----------


def test_filters_by_state_unit_date_prefix_and_scope(office) -> None:
    first = Complaint.objects.create(title="Hoà giải đất đai", owning_unit=office["home"])
    second = Complaint.objects.create(title="Bồi thường", owning_unit=office["home"])
    third = Complaint.objects.create(title="Hòa giải lần hai", owning_unit=office["other"])
    services.transition(actor=office["cv"], case=second, name="accept")
    Complaint.objects.filter(pk=first.pk).update(created_at=timezone.make_aware(datetime(2026, 3, 2, 9)))
    core_services.assign_record(actor=office["leader"], record=third, user=office["cv"])

    def found(**data):
        form = COMPLAINTS.form(QueryDict(mutable=True) | data)
        assert form.is_valid(), form.errors
        return set(_ids(lists.list_page(COMPLAINTS, office["cv"], form.cleaned_data)))

    assert found(state="accepted") == {second.pk}
    assert found(unit=str(office["other"].pk)) == {third.pk}
    assert found(created_from="2026-03-01", created_to="2026-03-02") == {first.pk}
    # Typed in the decomposed form (NFD), the prefix still matches the stored NFC title.
    assert found(title="Hoa\u0300") == {first.pk}
    assert found(scope="mine") == {third.pk}
    assert found(scope="unit") == {first.pk, second.pk}


def test_deadline_filters_find_overdue_due_soon_and_paused_cases(office) -> None:
    late, soon, paused, calm = (
        Complaint.objects.create(title=t, owning_unit=office["home"]) for t in ("trễ", "sắp", "dừng", "xa")
    )
    today = timezone.localdate()
    for case, started, due in (
        (late, today - timedelta(days=40), today - timedelta(days=1)),
        (soon, today - timedelta(days=40), today + timedelta(days=1)),
        (paused, today - timedelta(days=40), None),
        (calm, today, today + timedelta(days=30)),
    ):
        LegalClock.objects.create(
            object_type="protected.complaint",
            object_id=case.pk,
            kind="handling",
            label="Thời hạn",
            unit="calendar",
            days=30,
            started_on=started,
            due_on=due,
        )

    def found(deadline):
        return set(_ids(lists.list_page(COMPLAINTS, office["cv"], {"deadline": deadline})))

    assert found("overdue") == {late.pk}
    assert found("soon") == {soon.pk}
    assert found("paused") == {paused.pk}
    rows = {r.record.pk: r.cells[-1] for r in lists.list_page(COMPLAINTS, office["cv"], {}).rows}
    assert rows[late.pk].overdue and not rows[calm.pk].overdue
    assert rows[paused.pk].value is None


def test_bad_filters_get_a_vietnamese_error_and_no_rows(office) -> None:
    Complaint.objects.create(title="Đơn", owning_unit=office["home"])
    page = _client(office["cv"]).get("/lists/complaints/?created_from=2026-05-02&created_to=2026-05-01")
    assert page.context["page"] is None
    assert "Ngày kết thúc trước ngày bắt đầu." in page.content.decode()
    page = _client(office["cv"]).get("/lists/complaints/?sort=owning_unit__secret_field&state=nope")
    assert page.context["page"] is None
    assert page.context["form"].errors.keys() == {"sort", "state"}
    response = api_as(office["cv"]).get("/api/v1/lists/complaints/?created_from=hôm-qua")
    assert response.status_code == 400
    assert "created_from" in response.json()["details"]
    assert api_as(office["cv"]).get("/api/v1/lists/nothing/").status_code == 404
    assert _client(office["cv"]).get("/lists/nothing/").status_code == 404


def test_the_page_shows_rows_links_and_pager(office) -> None:
    for n in range(3):
        Complaint.objects.create(title=f"Đơn số {n}", owning_unit=office["home"])
    small = dataclasses.replace(COMPLAINTS, page_size=2)
    lists.register(small)
    try:
        client = _client(office["cv"])
        html = client.get("/lists/complaints/?sort=title").content.decode()
        assert html.index("Đơn số 0") < html.index("Đơn số 1")
        assert "Đơn số 2" not in html
        assert 'data-testid="next-page"' in html and 'data-testid="prev-page"' not in html
        page = client.get("/lists/complaints/?sort=title").context["page"]
        html = client.get(f"/lists/complaints/?sort=title&cursor={page.next_cursor}").content.decode()
        assert "Đơn số 2" in html and 'data-testid="prev-page"' in html
        assert f'href="/complaints/{Complaint.objects.get(title="Đơn số 2").pk}/"' in html
    finally:
        lists.register(COMPLAINTS)


# --- saved filters ----------


def test_saving_a_filter_keeps_only_known_filters_and_replaces_by_name(office) -> None:
    saved = services.save_filter(
        actor=office["cv"],
        list_key="complaints",
        name="  Đã  thụ lý ",
        query="state=accepted&cursor=x&evil=1",
    )
    assert (saved.name, saved.query) == ("Đã thụ lý", "state=accepted")
    again = services.save_filter(
        actor=office["cv"], list_key="complaints", name="Đã thụ lý", query="state=received&sort=title"
    )
    assert again.pk == saved.pk
    assert again.query in {"state=received&sort=title", "sort=title&state=received"}
    with pytest.raises(ValidationError, match=r"Give the filter a name|Hãy đặt tên"):
        services.save_filter(actor=office["cv"], list_key="complaints", name="  ", query="")
    with pytest.raises(ValidationError):
        services.save_filter(
            actor=office["cv"], list_key="complaints", name="x", query="created_from=hôm-nay"
        )
    with pytest.raises(ValidationError):
        services.save_filter(actor=office["cv"], list_key="nothing", name="x", query="")
    with pytest.raises(PermissionDenied):
        services.delete_filter(actor=office["outsider"], saved=saved)


def test_saved_filters_are_personal_on_the_page_and_in_the_api(office) -> None:
    client = _client(office["cv"])
    response = client.post(
        "/lists/complaints/saved/", {"name": "Việc gấp của tôi", "query": "deadline=overdue"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/lists/complaints/?deadline=overdue"
    saved = SavedFilter.objects.get(user=office["cv"])
    assert "Việc gấp của tôi" in client.get("/lists/complaints/").content.decode()
    assert "Việc gấp của tôi" not in _client(office["outsider"]).get("/lists/complaints/").content.decode()
    assert _client(office["outsider"]).post(f"/lists/saved/{saved.pk}/delete/").status_code == 404
    assert api_as(office["outsider"]).get("/api/v1/saved-filters/").json() == []
    assert api_as(office["outsider"]).delete(f"/api/v1/saved-filters/{saved.pk}/").status_code == 404
    created = api_as(office["outsider"]).post(
        "/api/v1/saved-filters/", {"list_key": "complaints", "name": "Của tôi", "query": "scope=mine"}
    )
    assert created.status_code == 201
    refused = api_as(office["outsider"]).post(
        "/api/v1/saved-filters/", {"list_key": "complaints", "name": "", "query": ""}
    )
    assert refused.status_code == 400
    assert client.post(f"/lists/saved/{saved.pk}/delete/").status_code == 302
    assert not SavedFilter.objects.filter(pk=saved.pk).exists()


# --- export ----------


def test_export_writes_what_the_person_sees_in_the_list_order_for_them_alone(
    office, settings, tmp_path, django_capture_on_commit_callbacks
) -> None:
    settings.MEDIA_ROOT = tmp_path
    for title in ("Bồi thường", "An sinh", "Cấp phép"):
        Complaint.objects.create(title=title, owning_unit=office["home"])
    Complaint.objects.create(title="Đơn của vụ khác", owning_unit=office["other"])
    Complaint.objects.create(title="Đơn mật", owning_unit=office["home"], secrecy=SecrecyLevel.SECRET)
    client = _client(office["cv"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/lists/complaints/export/", {"query": "sort=title"})
    job = Job.objects.get(kind="list_export")
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert job.status == JobStatus.DONE
    assert (job.total, job.done, job.result["rows"]) == (3, 3, 3)
    download = client.get(f"/jobs/{job.pk}/file/")
    assert download.status_code == 200
    sheet = load_workbook(BytesIO(download.getvalue())).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:3] == ["Số", "Trích yếu", "Trạng thái"]
    assert [r[1] for r in rows[1:]] == ["An sinh", "Bồi thường", "Cấp phép"]
    assert rows[1][3] == "Vụ Pháp luật"
    assert isinstance(rows[1][4], datetime)
    # The job's page shows the download to its owner; nobody else gets the file, administrators included.
    assert 'data-testid="job-file"' in client.get(f"/jobs/{job.pk}/").content.decode()
    assert _client(office["admin"]).get(f"/jobs/{job.pk}/file/").status_code == 404
    assert 'data-testid="job-file"' not in _client(office["admin"]).get(f"/jobs/{job.pk}/").content.decode()
    assert _client(office["outsider"]).get(f"/jobs/{job.pk}/file/").status_code == 404
    assert api_as(office["admin"]).get(f"/api/v1/jobs/{job.pk}/file/").status_code == 404
    assert api_as(office["cv"]).get(f"/api/v1/jobs/{job.pk}/file/").status_code == 200
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.actor == office["cv"]
    assert "3 dòng" in event.message and event.message.startswith("Xuất danh sách “")


def test_an_export_too_big_for_a_sheet_fails_with_the_reason_and_bad_filters_never_start(
    office, settings, tmp_path, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(export, "EXCEL_MAX_ROWS", 2)
    for n in range(3):
        Complaint.objects.create(title=f"Đơn {n}", owning_unit=office["home"])
    client = _client(office["cv"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/lists/complaints/export/", {"query": ""})
    job = Job.objects.get(kind="list_export")
    assert job.status == JobStatus.FAILED
    assert "3" in job.error and "2" in job.error
    response = client.post(
        "/lists/complaints/export/", {"query": "created_from=2026-05-02&created_to=2026-05-01"}
    )
    assert response.status_code == 302
    assert Job.objects.filter(kind="list_export").count() == 1
    refused = api_as(office["cv"]).post(
        "/api/v1/jobs/", {"kind": "list_export", "params": {"list": "nothing"}}, format="json"
    )
    assert refused.status_code == 400


def test_an_export_over_several_chunks_keeps_the_order(office, monkeypatch) -> None:
    for n in range(7):
        Complaint.objects.create(title=f"Đơn {n % 3}", owning_unit=office["home"])
    expected = list(Complaint.objects.order_by("-title", "-id").values_list("pk", flat=True))
    rows = list(lists.export_rows(COMPLAINTS, office["cv"], {"sort": "-title"}, chunk=2))
    assert [r[0] for r in rows] == expected


def test_the_api_lists_pages_with_cursors(office) -> None:
    for n in range(3):
        Complaint.objects.create(title=f"Đơn {n}", owning_unit=office["home"])
    lists.register(dataclasses.replace(COMPLAINTS, page_size=2))
    try:
        first = api_as(office["cv"]).get("/api/v1/lists/complaints/?sort=title").json()
        assert [r["cells"]["title"] for r in first["results"]] == ["Đơn 0", "Đơn 1"]
        assert first["count"] == 3 and first["previous"] is None
        second = (
            api_as(office["cv"]).get(f"/api/v1/lists/complaints/?sort=title&cursor={first['next']}").json()
        )
        assert [r["cells"]["title"] for r in second["results"]] == ["Đơn 2"]
        assert second["next"] is None and second["previous"]
        assert first["columns"][-1]["key"] == "due_on"
    finally:
        lists.register(COMPLAINTS)


def test_the_date_filter_reads_the_local_date(office) -> None:
    # The list's date filter compares dates, not times: a record received at 23:30 local is on that day.
    late = Complaint.objects.create(title="Đơn đêm", owning_unit=office["home"])
    Complaint.objects.filter(pk=late.pk).update(created_at=timezone.make_aware(datetime(2026, 4, 30, 23, 30)))
    form = COMPLAINTS.form(QueryDict("created_from=2026-04-30&created_to=2026-04-30"))
    assert form.is_valid()
    assert _ids(lists.list_page(COMPLAINTS, office["cv"], form.cleaned_data)) == [late.pk]
