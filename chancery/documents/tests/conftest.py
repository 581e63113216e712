"""What the documents tests share: files stored under the test's own folder, and the office of factories.py
(chancery/documents/tests/fixtures.py)."""

from chancery.documents.tests.fixtures import _media, office

__all__ = ["_media", "office"]
