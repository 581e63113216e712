"""`chancery demo` on a machine without a signing certificate, and a part that fails half-way (security issue
23, item 9): nothing half-loaded, a clear message, and a rerun that finishes."""

import io

import pytest
from django.core.management import CommandError, call_command

from chancery.core.models import User
from chancery.documents import signing

pytestmark = pytest.mark.django_db

SMALL = {"scale": 0, "documents": 0, "honours": 0, "amnesty": 0, "verbosity": 0}


@pytest.fixture
def no_certificate(settings):
    settings.CHANCERY_SIGNING_TEST_CERTIFICATE = False
    settings.CHANCERY_SIGNING_PKCS12 = ""
    signing.forget()
    yield
    signing.forget()


def test_the_demo_without_a_signing_certificate_stops_before_writing_anything(no_certificate):
    out = io.StringIO()
    with pytest.raises(CommandError, match="CHANCERY_SIGNING_PKCS12"):
        call_command("demo", stdout=out, **SMALL)
    assert not User.objects.exists()


def test_a_demo_part_that_fails_leaves_nothing_and_a_rerun_finishes(monkeypatch):
    from chancery.diplomacy import demo as diplomacy_demo
    from chancery.diplomacy.models import Event

    real_load = diplomacy_demo.load

    def load_then_fail(**kwargs):
        real_load(**kwargs)
        raise RuntimeError("the disk filled up")

    monkeypatch.setattr(diplomacy_demo, "load", load_then_fail)
    with pytest.raises(RuntimeError):
        call_command("demo", stdout=io.StringIO(), **SMALL)
    assert not Event.objects.exists()
    monkeypatch.setattr(diplomacy_demo, "load", real_load)
    call_command("demo", stdout=io.StringIO(), **SMALL)
    assert Event.objects.exists()
