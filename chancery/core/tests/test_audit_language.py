"""The audit trail is the Office's record, read by its staff on record histories and the audit page: it reads in
Vietnamese whatever the language of the page or job that wrote it. Production code that writes an English
`message=` literal to `audit.record(...)` (an issued API token, a queued job, "split into separate contents"
were) is found here by file and line."""

from __future__ import annotations

import ast
import re
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]  # chancery/

# The letters only Vietnamese writes (a vowel with a diacritic, đ): an administrative sentence in Vietnamese
# has some; an English one has none.
VIETNAMESE = set(
    unicodedata.normalize(
        "NFC",
        "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ",
    )
)
# A word of ASCII letters; one in capitals (API, GET, PDF) is a code, not English.
WORD = re.compile(r"(?<![A-Za-z0-9_])[A-Za-z]{2,}(?![A-Za-z0-9_])")


def printed_literals(node: ast.expr) -> list[str]:
    """The literal text a message expression prints: the parts of a string or f-string, and the strings an
    expression inside it gives (`{'x' if a else 'y'}`, `{name or 'the system'}`), but not what it only reads
    (a format spec, the argument of a call, a dictionary's key, a compared value)."""
    if isinstance(node, ast.Constant):
        return [node.value] if isinstance(node.value, str) else []
    if isinstance(node, ast.JoinedStr):
        found: list[str] = []
        for part in node.values:
            if isinstance(part, ast.FormattedValue):
                found += printed_literals(part.value)
            else:
                found += printed_literals(part)
        return found
    if isinstance(node, ast.BinOp):  # "a" + f"b", "%s" % x
        return printed_literals(node.left) + (
            printed_literals(node.right) if isinstance(node.op, ast.Add) else []
        )
    if isinstance(node, ast.IfExp):
        return printed_literals(node.body) + printed_literals(node.orelse)
    if isinstance(node, ast.BoolOp):
        return [text for value in node.values for text in printed_literals(value)]
    if isinstance(node, ast.Subscript):  # f"..."[:300]
        return printed_literals(node.value)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return printed_literals(node.func.value)  # "...".format(...)
    return []


def is_english(texts: list[str]) -> bool:
    """English words and no Vietnamese letter."""
    text = " ".join(texts)
    if VIETNAMESE & set(unicodedata.normalize("NFC", text).lower()):
        return False
    return any(not word.isupper() for word in WORD.findall(text))


def audit_messages(source: str, name: str) -> list[ast.expr]:
    """The `message=` of each `audit.record(...)` call in the source."""
    return [
        keyword.value
        for node in ast.walk(ast.parse(source, filename=name))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "record"
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "audit"
        for keyword in node.keywords
        if keyword.arg == "message"
    ]


def english_messages(source: str, name: str) -> list[str]:
    """`file:line: message` for each `audit.record(..., message=...)` in the source whose literal text is
    English."""
    return [
        f"{name}:{message.lineno}: {ast.unparse(message)[:120]}"
        for message in sorted(audit_messages(source, name), key=lambda m: m.lineno)
        if is_english(printed_literals(message))
    ]


def production_sources() -> list[Path]:
    return sorted(
        path
        for path in ROOT.rglob("*.py")
        if "tests" not in path.relative_to(ROOT).parts and "migrations" not in path.relative_to(ROOT).parts
    )


def test_the_audit_trail_is_written_in_vietnamese() -> None:
    found, calls = [], 0
    for path in production_sources():
        source = path.read_text(encoding="utf-8")
        calls += source.count("audit.record(")
        found += english_messages(source, str(path.relative_to(ROOT.parent)))
    assert calls > 50, "the production code was not found"
    assert not found, "audit messages in English (the audit trail reads in Vietnamese):\n" + "\n".join(found)


def test_the_audit_messages_are_written_in_nfc() -> None:
    """A message searched by its words (`message__startswith`) must be stored as the search is typed."""
    found = []
    for path in production_sources():
        name = str(path.relative_to(ROOT.parent))
        for message in audit_messages(path.read_text(encoding="utf-8"), name):
            if not unicodedata.is_normalized("NFC", "".join(printed_literals(message))):
                found.append(f"{name}:{message.lineno}")
    assert not found, found


@pytest.mark.parametrize(
    "message",
    [
        'f"job #{job.pk} {kind} queued"',
        '"split into separate contents"',
        "f\"API token {token} issued{' from the console' if console else ''}, expires {expires}\"",
        "f\"register {request.register}{' secret' if secret else ''} \" f\"{start}..{end}, {n} lines\"",
        "f\"one-time link #{link.pk} issued to {handed_to or 'the system'}\"[:300]",
        'f"opinions asked ({mode}) of " + ", ".join(units)',
    ],
)
def test_an_english_message_is_found_by_file_and_line(message: str) -> None:
    source = f"from chancery.core import audit\n\naudit.record(action='update', message={message})\n"
    [found] = english_messages(source, "chancery/x.py")
    assert found.startswith("chancery/x.py:3: ")


@pytest.mark.parametrize(
    "message",
    [
        'f"Xếp hàng chờ chạy tác vụ #{job.pk}: {kind_words(kind)}"',
        '"Tách đơn: mỗi nội dung thành một đơn riêng"',
        'f"Dùng mã truy cập API {token}: {request.method} {request.path}"[:300]',
        'f"{clock.label}: {message}"',  # no words of its own
        "reason",  # not a literal: its words are the caller's
        '_("Signature specimen removed")',  # translated
        'f"{request.method} API {request.path}"',  # codes, not English words
    ],
)
def test_a_vietnamese_or_wordless_message_passes(message: str) -> None:
    source = f"from chancery.core import audit\n\naudit.record(action='update', message={message})\n"
    assert english_messages(source, "chancery/x.py") == []
