"""What the programme tests share: files stored under the test's own folder, and the office of the documents
factories (the units, leaders and signers every module's documents need)."""

import pytest

from chancery.documents.tests.factories import Office, make_office


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def office() -> Office:
    return make_office()
