"""What the programme tests share: the documents office and files stored under the test's own folder
(chancery/documents/tests/fixtures.py)."""

from chancery.documents.tests.fixtures import _media, office

__all__ = ["_media", "office"]
