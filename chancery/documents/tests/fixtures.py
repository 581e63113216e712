"""The documents office as pytest fixtures, for every app whose tests need it (documents, legislation,
programme): each app's conftest.py imports them, so the fixture is written once."""

import pytest

from chancery.documents.tests.factories import Office, make_office


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def office() -> Office:
    return make_office()
