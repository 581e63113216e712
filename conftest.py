"""Shared test fixtures: factories for units, staff and protected records."""

import os
import uuid
from pathlib import Path

import pytest


def _real_datetime_first() -> None:
    """cryptography's Rust code remembers the datetime type it meets first: were that freezegun's fake one
    (a certificate first made inside a frozen test), every later certificate made with a real datetime would
    be refused ("'datetime' object is not an instance of 'FakeDatetime'"), in whatever test comes next. A
    certificate is made once here, before any test freezes the clock."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "warm-up")])
    now = datetime.datetime.now(datetime.UTC)
    (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )


_real_datetime_first()


def _hypothesis_without_deadlines() -> None:
    """Hypothesis fails an example that takes over 200 ms, a timing check the standards keep out of tests
    (speed is measured in bench/): on a loaded CI machine a first openpyxl call took 320 ms and failed the
    suite (fresh-check of 75f2c2e). Every property test runs without a deadline unless it sets one."""
    from hypothesis import settings

    settings.register_profile("chancery", deadline=None)
    settings.load_profile("chancery")


_hypothesis_without_deadlines()


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


_DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "live_server",
}


def _uses_the_database(item: pytest.Item) -> bool:
    return item.get_closest_marker("django_db") is not None or bool(
        _DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """CHANCERY_DATABASE_TESTS=only runs only the tests that use the database (the PostgreSQL lane of `make
    test`: a test that never opens the database runs the same whatever it is, and the SQLite lane runs it);
    =none runs only the others (to measure them)."""
    wanted = os.environ.get("CHANCERY_DATABASE_TESTS", "")
    if wanted not in ("only", "none"):
        return
    keep = [item for item in items if _uses_the_database(item) == (wanted == "only")]
    config.hook.pytest_deselected(items=[item for item in items if item not in keep])
    items[:] = keep
