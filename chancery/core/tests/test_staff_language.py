"""What staff read is Vietnamese, never a developer's text (issue 26): every page that takes no argument, and
the pages of a record, opened as the people who use them, carry no raw model label ("documents.outgoingdocument
#12"), no record id in place of a name ("Dự thảo văn bản #12"), no Django empty choice ("---------"), no
Python value (True, False, None), no product name where the office's name belongs, and no markup in a page's
title."""

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from chancery.core import services
from chancery.core.models import AssignmentKind
from chancery.documents.tests.factories import draft, make_office

pytestmark = pytest.mark.django_db

DEVELOPER_TEXT = {
    "a model label": re.compile(r"\b[a-z]+\.[a-z]+ ?#\d+"),
    "an id for a name": re.compile(r"#\d+\b"),
    "Django's empty choice": re.compile(r"-{5,}"),
    "a Python value": re.compile(r"(?<![\w.])(True|False|None)(?![\w.])"),
    "the product's name": re.compile(r"\bChancery\b"),
}
_TAGS = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.S)
_ATTRIBUTES = re.compile(r'\b(?:title|placeholder|aria-label|alt)="([^"]*)"')


def shown_text(html: str) -> str:
    """What a person reads on the page: its text, its title and the texts of its controls' labels."""
    return " ".join([_TAGS.sub(" ", html), *_ATTRIBUTES.findall(html)])


def pages_without_arguments() -> list[str]:
    found: list[str] = []

    def walk(patterns: list[Any], prefix: str) -> None:
        for pattern in patterns:
            route = str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if not any(route.startswith(p) for p in ("admin/", "api/", "i18n/", "cong-dan/")):
                    walk(pattern.url_patterns, prefix + route)
            elif isinstance(pattern, URLPattern) and "<" not in route and "(" not in route:
                found.append("/" + prefix + route.lstrip("^").rstrip("$"))

    walk(get_resolver().url_patterns, "")
    skip = ("logout", "export", ".ics", "health", "metrics", "feed", "login/otp", "api/")
    return sorted({path for path in found if not any(word in path for word in skip)})


_TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def problems_in(html: str) -> list[str]:
    text = shown_text(html)
    # the tab's title is text: markup in it (a block closed in the wrong place) is shown as it is written
    titles = [f"markup in the title: {t[:80]!r}" for t in _TITLE.findall(html) if "<" in t]
    return titles + [
        f"{what}: {m.group(0)!r} in …{text[max(0, m.start() - 40) : m.end() + 40]!r}…"
        for what, pattern in DEVELOPER_TEXT.items()
        for m in pattern.finditer(text)
    ]


def test_the_pages_staff_open_carry_no_developer_text() -> None:
    office = make_office()
    document = draft(office)
    services.assign_record(
        actor=office.head, record=document, user=office.specialist, kind=AssignmentKind.HANDLE
    )
    pages = pages_without_arguments()
    assert len(pages) > 30
    found: dict[str, list[str]] = {}
    for person in (office.specialist, office.clerk, office.head, office.admin):
        client = Client()
        client.force_login(person)
        for path in [*pages, document.get_absolute_url()]:
            response = client.get(path)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            if problems := problems_in(response.content.decode()):
                found[f"{person.username} {path}"] = problems[:3]
    assert found == {}


def test_the_login_page_names_the_office() -> None:
    page = Client().get("/login/").content.decode()
    assert "<title>Đăng nhập · Văn phòng Chủ tịch nước</title>" in page
    assert problems_in(page) == []


def test_a_change_of_state_in_a_history_names_the_state_reached() -> None:
    from chancery.core.models import AuditAction, AuditEvent

    office = make_office()
    document = draft(office)
    event = AuditEvent(
        action=AuditAction.TRANSITION,
        object_type="documents.outgoingdocument",
        object_id=document.pk,
        changes={"state": {"before": "drafting", "after": "reviewing"}},
    )
    assert event.action_text == "Chuyển sang: Đang xin ý kiến" or event.action_text.startswith(
        "Chuyển sang: "
    )
    assert "reviewing" not in event.action_text
    assert (
        AuditEvent(action=AuditAction.UPDATE).action_text
        == AuditEvent(action=AuditAction.UPDATE).get_action_display()
    )


_COUNT_SHOWN_RAW = re.compile(
    r"\{\{ *(?![\w.]*form)[\w.]*?\b(?:\w+_)?(?:count|total|passing|failing|reviewing|awarded|done|nominees|received|n|overdue|soon|due_soon|running|registered|decided|forwarded|answered|letters|awaiting_answer)\b *\}\}"
)
_FIGURE_IN_SENTENCE = re.compile(r"\{% blocktranslate with [^%]*?\w+=(?:figures|f)\.(?!year\b)\w+(?![\w.|])")
# a count inside {% blocktranslate count n=... %} must stay a number for the plural's choice: not checked here
_BLOCKTRANSLATE = re.compile(r"\{% blocktranslate.*?\{% endblocktranslate %\}", re.S)


def test_every_count_a_template_shows_is_grouped_the_vietnamese_way() -> None:
    """A count printed as it is reads "56100" on a page; the office writes "56.100" (`vn_number`). Checked in
    every template: a figure named as a count, a total or a tally goes through the filter."""
    from pathlib import Path

    import chancery

    root = Path(chancery.__file__).parent
    raw = [
        f"{path.relative_to(root)}: {match.group(0)}"
        for path in root.rglob("templates/**/*.html")
        for match in _COUNT_SHOWN_RAW.finditer(_BLOCKTRANSLATE.sub("", path.read_text(encoding="utf-8")))
    ]
    # and a figure handed to a sentence ({% blocktranslate with n=figures.granted %}): grouped there too
    raw += [
        f"{path.relative_to(root)}: {match.group(0)}"
        for path in root.rglob("templates/**/*.html")
        for match in _FIGURE_IN_SENTENCE.finditer(path.read_text(encoding="utf-8"))
    ]
    assert raw == []
