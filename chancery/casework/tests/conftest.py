"""What the casework tests share: the documents' office (units, staff, agencies; chancery.documents.tests
.factories), its files kept under the test's own folder."""

from __future__ import annotations

import pytest

from chancery.documents.tests.factories import Office, make_office


@pytest.fixture
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def office(_media) -> Office:
    return make_office()
