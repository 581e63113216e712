"""Shared test fixtures: factories for units, staff and protected records."""

import uuid
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _audit_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHANCERY_AUDIT_KEY", "test-audit-key")


@pytest.fixture(scope="session")
def _audit_checkpoint_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("audit-checkpoints")


@pytest.fixture(autouse=True)
def _audit_checkpoints(monkeypatch: pytest.MonkeyPatch, _audit_checkpoint_dir: Path) -> None:
    """Each test anchors its audit chain in its own checkpoint file: the database is rolled back after a test,
    a file outside it is not."""
    from django.conf import settings

    monkeypatch.setattr(
        settings, "CHANCERY_AUDIT_CHECKPOINTS", _audit_checkpoint_dir / f"{uuid.uuid4().hex}.jsonl"
    )
