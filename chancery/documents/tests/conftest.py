"""What the documents tests share: files stored under the test's own folder, and the office of factories.py."""

import pytest

from chancery.documents.tests.factories import Office, make_office


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def office() -> Office:
    return make_office()
