"""`chancery demo`'s petitions: a year at the 2013 volume made the way the office's records are, so the pages,
statistics and benchmarks read realistic data; and made through the same rules (numbers, clocks, search,
denouncer protection) as a registration."""

from __future__ import annotations

from collections import Counter

import pytest
from freezegun import freeze_time

from chancery.casework.models import LegalClock
from chancery.core import audit
from chancery.core.demo import load_demo
from chancery.core.models import NumberRegister
from chancery.core.provinces import ward_name
from chancery.petitions import demo
from chancery.petitions.models import Channel, Petition, PetitionKind, ReceptionVisit, VisitOutcome
from chancery.search.models import SearchEntry

pytestmark = [pytest.mark.django_db]
PETITION = audit.object_type_of(Petition)


@freeze_time("2026-11-20")
def test_a_demo_year_has_every_channel_resends_sessions_and_protects_denouncers():
    load_demo()
    assert demo.load(600, year=2026, chunk=200) == 600
    petitions = Petition.objects.all()
    assert petitions.count() == 600
    numbers = sorted(petitions.values_list("number", flat=True))
    assert numbers == list(range(1, 601))  # the year's register, no gaps
    assert NumberRegister.objects.get(code="don-thu", year=2026).last_number == 600
    channels = Counter(petitions.values_list("channel", flat=True))
    assert set(channels) == set(Channel.values)
    assert petitions.exclude(matter=None).exists()  # resends grouped with their matter
    assert not petitions.filter(received_on__gt="2026-11-20").exists()
    # Each petitioner lives in a real commune of the petition's province.
    person = (
        Petition.objects.filter(kind=PetitionKind.COMPLAINT).exclude(petitioners=None)[0].petitioners.all()[0]
    )
    assert ward_name(person.ward_code) and person.province_code
    # Running clocks for what is still open, none for what is closed.
    open_ids = set(petitions.filter(state="received").values_list("pk", flat=True))
    clocked = set(LegalClock.objects.filter(stopped_on=None).values_list("object_id", flat=True))
    assert open_ids and open_ids <= clocked
    assert not clocked & set(petitions.filter(state="closed").values_list("pk", flat=True))
    # Every petition handed in at reception is a visit of that day's session; some were settled on the spot.
    handed_in = petitions.filter(channel=Channel.RECEPTION)
    visits = ReceptionVisit.objects.select_related("session")
    assert {v.petition_id for v in visits.filter(outcome=VisitOutcome.PETITION)} == set(
        handed_in.values_list("pk", flat=True)
    )
    assert all(
        v.session.held_on == v.petition.received_on for v in visits.exclude(petition=None) if v.petition
    )
    assert visits.filter(petition=None).exists()
    # Searchable like a registration: a complainant by name, never a denouncer.
    complaint = petitions.filter(kind=PetitionKind.COMPLAINT).exclude(petitioners=None)[0]
    entry = SearchEntry.objects.get(object_type=PETITION, object_id=complaint.pk)
    assert complaint.petitioners.all()[0].full_name in entry.body
    for denunciation in petitions.filter(kind=PetitionKind.DENUNCIATION)[:20]:
        body = SearchEntry.objects.get(object_type=PETITION, object_id=denunciation.pk).body
        assert all(p.full_name not in body for p in denunciation.petitioners.all())
    # The examiner of issue 26: a letter signed, with its signer's name; a writer who is not the person the
    # letter is about; money written the Vietnamese way; the commune not written twice in an address.
    from chancery.petitions.models import Forwarding

    sent = Forwarding.objects.all()
    assert sent.exists() and not sent.filter(signed_by="").exists()
    for petition in petitions.exclude(petitioners=None)[:200]:
        writer = petition.petitioners.all()[0]
        if f"Tôi tên là {writer.full_name}" not in petition.content:
            continue
        assert f"là mẹ của phạm nhân {writer.full_name}" not in petition.content
        assert ward_name(writer.ward_code) not in writer.address
    assert not petitions.filter(content__regex=r"\b\d{4} (triệu|tỷ) đồng").exists()
    assert not petitions.filter(content__contains="của chính").exists()
    # a letter says Ông or Bà when the name says which (Văn, Thị), "Ông/Bà" only when it does not
    from chancery.petitions.models import Petitioner

    writers = Petitioner.objects.filter(petition__in=petitions)
    assert writers.filter(full_name__contains=" Thị ").exclude(salutation="ba").count() == 0
    assert writers.filter(full_name__contains=" Văn ").exclude(salutation="ong").count() == 0
    mothers = writers.filter(petition__content__contains="Tôi là mẹ", is_representative=True)
    assert mothers.exists() and not mothers.filter(salutation="ong").exists()  # the mother writes


def _match_data(petition: Petition) -> tuple[tuple[bytes, bytes, bytes, str], set[int], set[int]]:
    from chancery.petitions.models import MatchKey, MatchText

    text = MatchText.objects.get(petition=petition)
    keys = MatchKey.objects.filter(petition=petition)
    return (
        (bytes(text.words), bytes(text.shapes), bytes(text.sizes), text.facts),
        set(keys.filter(is_person=False).values_list("key", flat=True)),
        set(keys.filter(is_person=True).values_list("key", flat=True)),
    )


@freeze_time("2026-11-20")
@pytest.mark.parametrize("workers", [1, 2])
def test_a_demo_petitions_match_data_is_what_registration_stores_for_the_same_letter(workers):
    """The loader writes the duplicate check's rows in bulk (in worker processes too): the same parse and
    keys as a registration of the same letter by the same petitioners, no key twice."""
    from chancery.petitions import services
    from chancery.petitions.models import MatchKey
    from chancery.petitions.tests.factories import petition_data

    load_demo()
    assert demo.load(120, year=2026, chunk=50, workers=workers) == 120
    assert (
        MatchKey.objects.values("key", "petition", "is_person").distinct().count() == MatchKey.objects.count()
    )
    loaded = list(Petition.objects.exclude(petitioners=None).prefetch_related("petitioners").order_by("pk"))
    chosen = [
        *loaded[:6],
        *[p for p in loaded if p.matter_id][:3],
        *[p for p in loaded if p.people_count > 1][:2],
    ]
    clerk = next(p.received_by for p in loaded if p.received_by is not None)
    for petition in chosen:
        registered = services.register_petition(
            actor=clerk,
            data=petition_data(
                summary=petition.summary,
                content=petition.content,
                kind=petition.kind,
                field=petition.field,
                received_on=petition.received_on,
                petitioners=[
                    services.PersonData(
                        full_name=p.full_name,
                        id_number=p.id_number,
                        phone=p.phone,
                        address=p.address,
                        province_code=p.province_code,
                        ward_code=p.ward_code,
                    )
                    for p in petition.petitioners.all()
                ],
            ),
        )
        assert _match_data(registered) == _match_data(petition), petition.registry_number
