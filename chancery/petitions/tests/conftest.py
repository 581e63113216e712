"""What the petitions tests share: the office of factories.py, with files stored under the test's own folder
and the caches and the classifier's trained model forgotten (each test starts from what it registers)."""

import pytest
from django.core.cache import cache

from chancery.petitions import classify
from chancery.petitions.tests.factories import Office, make_office


@pytest.fixture
def office(settings, tmp_path) -> Office:
    settings.MEDIA_ROOT = tmp_path
    cache.clear()
    classify.forget()
    return make_office()


@pytest.fixture
def settings_media(settings, tmp_path) -> None:
    """Files stored under the test's own folder, for tests that store files before they ask for `office`."""
    settings.MEDIA_ROOT = tmp_path
