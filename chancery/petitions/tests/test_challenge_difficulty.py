"""The public form's proof of work grows with the rate, from one address and from everyone together, and
stays within what a citizen's browser solves in seconds (chancery.petitions.challenge)."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.test import Client
from freezegun import freeze_time

from chancery.petitions import challenge, views
from chancery.petitions.tests.factories import make_office

pytestmark = pytest.mark.django_db

SEND = "/cong-dan/gui-don/"
BASE, TOP = challenge.BASE_BITS, challenge.MAX_BITS
OWN, ALL = views.CHALLENGE_AFTER, views.ALL_CHALLENGE_AFTER


@pytest.fixture(autouse=True)
def fresh_cache():
    make_office()
    cache.clear()
    yield
    cache.clear()


def bits_on_the_page(client: Client) -> int | None:
    found = re.search(r'data-proof-bits="(\d+)"', client.get(SEND).content.decode())
    return int(found.group(1)) if found else None


def test_each_petition_from_one_address_past_the_threshold_doubles_the_work_up_to_the_ceiling():
    steps = [challenge.bits_for(sent, OWN) for sent in range(OWN, views.SUBMISSIONS_PER_HOUR + 1)]
    assert steps[:5] == [BASE, BASE + 1, BASE + 2, BASE + 3, BASE + 4]
    assert steps == sorted(steps) and max(steps) == TOP


def test_each_doubling_of_everyone_s_petitions_adds_a_bit_up_to_the_ceiling():
    steps = [challenge.bits_for(0, OWN, everyone, ALL) for everyone in (ALL, 2 * ALL - 1, 2 * ALL, 4 * ALL)]
    assert steps == [BASE, BASE, BASE + 1, BASE + 2]
    assert challenge.bits_for(0, OWN, 10**9, ALL) == TOP
    assert challenge.bits_for(OWN + 1, OWN, 2 * ALL, ALL) == BASE + 2  # both rates count
    assert challenge.bits_for(0, OWN, 10**9, 0) == BASE  # no office-wide threshold given: not counted


def test_the_ceiling_is_what_a_browser_solves_in_seconds():
    # 2**22 = 4.2 million hashes on average: ~5 s at the 860,000 a second the browser's script does on one
    # server core (Node.js/V8), ~20 s on a slow telephone (docs/security.md); every step stays within it.
    assert BASE < TOP <= 22
    assert all(
        challenge.bits_for(sent, OWN, everyone, ALL) <= TOP for sent in range(40) for everyone in (0, 10**12)
    )


@freeze_time("2026-11-05 09:00")
def test_a_flood_from_many_addresses_makes_the_newcomer_s_challenge_harder():
    newcomer = Client(REMOTE_ADDR="198.51.100.9")
    assert bits_on_the_page(newcomer) is None  # a quiet hour: no challenge
    cache.set("petitions:submit-all", ALL, 3600)
    assert bits_on_the_page(newcomer) == BASE
    cache.set("petitions:submit-all", 4 * ALL, 3600)
    assert bits_on_the_page(newcomer) == BASE + 2  # before: the base, however large the flood
    cache.set("petitions:submit-all", 64 * ALL, 3600)
    assert bits_on_the_page(newcomer) == TOP


@freeze_time("2026-11-05 09:00")
def test_an_address_that_keeps_sending_meets_the_ceiling_above_the_old_one():
    citizen = Client(REMOTE_ADDR="203.0.113.7")
    cache.set("petitions:submit:203.0.113.7", OWN + 2, 3600)
    assert bits_on_the_page(citizen) == BASE + 2
    cache.set("petitions:submit:203.0.113.7", OWN + 10, 3600)
    assert bits_on_the_page(citizen) == TOP > 20  # before: 20 at most
    cache.set("petitions:submit:203.0.113.7", OWN + 1, 3600)
    cache.set("petitions:submit-all", 2 * ALL, 3600)
    assert bits_on_the_page(citizen) == BASE + 2  # its own rate and everyone's together
