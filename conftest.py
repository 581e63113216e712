"""Shared test fixtures: factories for units, staff and protected records."""

import pytest


@pytest.fixture(autouse=True)
def _audit_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHANCERY_AUDIT_KEY", "test-audit-key")
