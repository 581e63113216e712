"""The platform's own promises: demo data, translations complete, the console command."""

import subprocess
import sys

import pytest

from chancery.core import audit, i18n
from chancery.core.demo import PEOPLE, UNITS, load_demo
from chancery.core.models import AuditEvent, Unit, User


@pytest.mark.django_db
def test_demo_office_loads_once_and_rerunning_changes_nothing() -> None:
    load_demo()
    counts = (Unit.objects.count(), User.objects.count(), AuditEvent.objects.count())
    load_demo()
    assert (Unit.objects.count(), User.objects.count(), AuditEvent.objects.count()) == counts
    assert counts[:2] == (len(UNITS), len(PEOPLE))
    audit.seal_pending()
    assert audit.verify_chain().is_intact
    assert User.objects.get(username="chunhiem").full_name == "Lê Khánh Hải"


def test_every_message_has_a_vietnamese_translation_and_is_compiled() -> None:
    assert i18n.problems() == []


def test_chancery_console_command_runs_managements_commands() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "chancery", "help", "audit"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert "verify" in result.stdout


def test_no_template_names_a_thing_in_english_for_a_screen_reader_or_a_tooltip() -> None:
    """An attribute a person hears or reads (aria-label, title, placeholder, alt) is translated: the examiner
    of issue 28 heard "breadcrumb" on a job's page."""
    import re
    from pathlib import Path

    english = re.compile(r'\b(?:aria-label|title|placeholder|alt)="([A-Za-z][A-Za-z ,.\'-]*)"')
    root = Path(__file__).resolve().parents[2]
    found = [
        f"{path.relative_to(root)}: {match.group(0)}"
        for path in root.rglob("templates/**/*.html")
        for match in english.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []
