"""A treaty's life through its steps: parties checked, steps in their order and dates, the decision naming how
Vietnam consents, the opinions' 15 days on a submission (a last day in Tết moves on), documents at a step,
search by country, state, year and words; another department sees nothing."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time
from rest_framework.test import APIClient

from chancery.casework.models import LegalClock
from chancery.core.models import Attachment
from chancery.core.tests.factories import signed_in
from chancery.diplomacy import selectors, services
from chancery.diplomacy.models import Organisation, Treaty
from chancery.documents.tests.factories import PDF

from .factories import country, make_foreign_office

pytestmark = pytest.mark.django_db


@pytest.fixture
def fo():
    return make_foreign_office()


def _treaty(actor, *, proposed_on, title="Hiệp định dẫn độ giữa Việt Nam và Pháp", parties=("FR",), **extra):
    data = {
        "title": title,
        "kind": "bilateral" if len(parties) == 1 else "multilateral",
        "concluded_in_name_of": "state",
        "ministry": "Bộ Công an",
        "proposed_on": proposed_on,
        "countries": [country(c) for c in parties],
        **extra,
    }
    return services.register_treaty(actor=actor, data=services.TreatyData(**data))


def test_parties_are_checked(fo):
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="ít nhất một bên"):
        _treaty(fo.foreign_specialist, proposed_on=today, parties=())
    with pytest.raises(ValidationError, match="đúng một bên"):
        services.register_treaty(
            actor=fo.foreign_specialist,
            data=services.TreatyData(
                title="Hiệp định X",
                kind="bilateral",
                concluded_in_name_of="state",
                ministry="Bộ Ngoại giao",
                proposed_on=today,
                countries=[country("FR"), country("DE")],
            ),
        )
    with pytest.raises(ValidationError, match="sau hôm nay"):
        _treaty(fo.foreign_specialist, proposed_on=today + timedelta(days=1))
    assert Treaty.objects.count() == 0
    with pytest.raises(PermissionDenied):
        _treaty(fo.office.admin, proposed_on=today)


def test_a_treaty_from_proposal_to_entry_into_force(fo):
    actor = fo.foreign_specialist
    with freeze_time(date(2026, 1, 5)):
        treaty = _treaty(actor, proposed_on=date(2026, 1, 5))
    with freeze_time(date(2026, 2, 1)):
        services.record_step(actor=actor, treaty=treaty, step="negotiate", on=date(2026, 1, 20))
        with pytest.raises(ValidationError, match="trước bước trước"):
            services.record_step(actor=actor, treaty=treaty, step="sign", on=date(2026, 1, 10))
        with pytest.raises(ValidationError, match="Không thể"):
            services.record_step(
                actor=actor, treaty=treaty, step="decide", on=date(2026, 1, 25), consent="ratification"
            )
        services.record_step(
            actor=actor,
            treaty=treaty,
            step="sign",
            on=date(2026, 1, 26),
            note="Ký tại Paris",
            files=[SimpleUploadedFile("van-ban-ky.pdf", PDF, content_type="application/pdf")],
        )
        # submitted on 2 February: the bodies' 15 days end in Tết (17 Feb), so on the first working day after
    with freeze_time(date(2026, 2, 3)):
        services.record_step(actor=actor, treaty=treaty, step="submit", on=date(2026, 2, 2))
    opinions = LegalClock.objects.get(object_type="diplomacy.treaty", object_id=treaty.pk, kind="opinions")
    assert opinions.due_on == date(2026, 2, 23)
    with freeze_time(date(2026, 3, 10)):
        with pytest.raises(ValidationError, match="phê chuẩn, phê duyệt hoặc gia nhập"):
            services.record_step(actor=actor, treaty=treaty, step="decide", on=date(2026, 3, 2))
        services.record_step(
            actor=actor,
            treaty=treaty,
            step="decide",
            on=date(2026, 3, 2),
            consent="ratification",
            due_on=date(2026, 3, 17),
        )
        opinions.refresh_from_db()
        assert opinions.stopped_on == date(2026, 3, 2)
        services.record_step(actor=actor, treaty=treaty, step="notify", on=date(2026, 3, 9))
        services.record_step(actor=actor, treaty=treaty, step="enter_into_force", on=date(2026, 3, 10))
        services.record_step(
            actor=actor, treaty=treaty, step="amend", on=date(2026, 3, 10), note="Nghị định thư sửa đổi"
        )
    treaty.refresh_from_db()
    assert (treaty.state, treaty.consent, treaty.signed_on, treaty.in_force_on) == (
        "in_force",
        "ratification",
        date(2026, 1, 26),
        date(2026, 3, 10),
    )
    assert list(treaty.steps.values_list("step", flat=True)) == [
        "propose",
        "negotiate",
        "sign",
        "submit",
        "decide",
        "notify",
        "enter_into_force",
        "amend",
    ]
    sign = treaty.steps.get(step="sign")
    assert (
        Attachment.objects.get(object_type="diplomacy.treatystep", object_id=sign.pk).name == "van-ban-ky.pdf"
    )
    running = LegalClock.objects.filter(
        object_type="diplomacy.treaty", object_id=treaty.pk, stopped_on__isnull=True
    )
    assert not running.exists()


def test_accession_to_a_multilateral_treaty(fo):
    actor = fo.foreign_specialist
    today = timezone.localdate()
    treaty = _treaty(
        actor,
        proposed_on=today - timedelta(days=5),
        title="Công ước của Liên hợp quốc về chống tham nhũng",
        parties=("FR", "DE", "JP"),
        organisations=[Organisation.objects.get(acronym="UN")],
    )
    services.record_step(actor=actor, treaty=treaty, step="submit_accession", on=today - timedelta(days=2))
    treaty.refresh_from_db()
    assert treaty.state == "submitted" and treaty.consent == "accession"


def test_search_by_country_state_year_and_words_and_who_must_not_see(fo):
    actor = fo.foreign_specialist
    with freeze_time(date(2025, 6, 1)):
        old = _treaty(
            actor, proposed_on=date(2025, 5, 1), title="Hiệp định về hợp tác văn hóa", parties=("LA",)
        )
    today = timezone.localdate()
    new = _treaty(actor, proposed_on=today, title="Hiệp định tương trợ tư pháp về hình sự", parties=("KR",))
    services.record_step(actor=actor, treaty=new, step="sign", on=today)
    assert list(selectors.treaties(actor, country=country("LA"))) == [old]
    assert list(selectors.treaties(actor, state="signed")) == [new]
    assert list(selectors.treaties(actor, year=2025)) == [old]
    assert list(selectors.treaties(actor, q="tuong tro tu phap")) == [new]
    assert list(selectors.treaties(actor, q="han quoc")) == [new]
    outsider = fo.office.specialist
    assert list(selectors.treaties(outsider)) == []
    assert signed_in(outsider).get(reverse("diplomacy:treaty", args=[new.pk])).status_code == 404


def test_treaty_pages(fo):
    client = signed_in(fo.foreign_specialist)
    today = timezone.localdate()
    bad = client.post(reverse("diplomacy:treaty_new"), {"title": "", "proposed_on": today.isoformat()})
    assert bad.status_code == 200 and Treaty.objects.count() == 0
    response = client.post(
        reverse("diplomacy:treaty_new"),
        {
            "title": "Hiệp định về miễn thị thực",
            "kind": "bilateral",
            "concluded_in_name_of": "government",
            "ministry": "Bộ Ngoại giao",
            "countries": [country("CL").pk],
            "proposed_on": today.isoformat(),
        },
    )
    treaty = Treaty.objects.get()
    assert response.url == reverse("diplomacy:treaty", args=[treaty.pk])
    client.post(
        reverse("diplomacy:treaty_step", args=[treaty.pk]),
        {"step": "sign", "on": today.isoformat(), "documents": SimpleUploadedFile("ky.pdf", PDF)},
    )
    page = client.get(response.url).content.decode()
    assert "Đã ký" in page and "ky.pdf" in page
    attachment = Attachment.objects.get()
    download = client.get(reverse("diplomacy:step_file", args=[treaty.pk, attachment.pk]))
    assert download.status_code == 200
    assert (
        signed_in(fo.office.specialist)
        .get(reverse("diplomacy:step_file", args=[treaty.pk, attachment.pk]))
        .status_code
        == 404
    )
    listing = client.get(reverse("diplomacy:treaties"), {"country": country("CL").pk}).content.decode()
    assert "Hiệp định về miễn thị thực" in listing
    assert (
        "Hiệp định về miễn thị thực"
        not in client.get(reverse("diplomacy:treaties"), {"state": "in_force"}).content.decode()
    )


def test_treaties_over_the_api(fo):
    api = APIClient()
    api.force_authenticate(fo.foreign_specialist)
    today = timezone.localdate()
    created = api.post(
        "/api/v1/treaties/",
        {
            "title": "Hiệp định thương mại tự do",
            "kind": "bilateral",
            "concluded_in_name_of": "government",
            "ministry": "Bộ Công Thương",
            "proposed_on": today.isoformat(),
            "countries": ["CL"],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    wrong = api.post(
        f"/api/v1/treaties/{pk}/steps/", {"step": "decide", "on": today.isoformat()}, format="json"
    )
    assert wrong.status_code == 400
    signed = api.post(
        f"/api/v1/treaties/{pk}/steps/", {"step": "sign", "on": today.isoformat()}, format="json"
    )
    assert signed.json()["state"] == "signed" and len(signed.json()["steps"]) == 2
    assert len(api.get("/api/v1/treaties/?country=CL").json()["results"]) == 1
    assert api.get("/api/v1/treaties/?country=ZZ").status_code == 400
    assert len(api.get(f"/api/v1/treaties/?year={today.year}&state=signed").json()["results"]) == 1
    outsider = APIClient()
    outsider.force_authenticate(fo.office.specialist)
    assert outsider.get(f"/api/v1/treaties/{pk}/").status_code == 404
    assert api.get("/api/v1/countries/?q=chi le").json()["results"][0]["alpha2"] == "CL"
