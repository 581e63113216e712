"""Translation catalogues without GNU gettext: compile .po to .mo and check that Vietnamese is complete.

`python -m chancery.core.i18n compile` (make messages) writes every .mo next to its .po;
`python -m chancery.core.i18n check` fails when a message has no Vietnamese translation, is fuzzy, when a
.mo is older than its .po, or when the code or a template marks a message for translation that the catalogue
does not hold (it would reach staff in English). The test suite runs the same check.
"""

import ast
import re
import sys
from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
SOURCE_DIR = LOCALE_DIR.parent
GETTEXT_NAMES = frozenset(
    {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy"}
)
_TRANSLATE_TAG = re.compile(
    r"""{%\s*(?:translate|trans)\s+(["'])(.*?)\1(?:\s+context\s+(["'])(.*?)\3)?.*?%}""", re.S
)
_BLOCK_TAG = re.compile(
    r"{%\s*blocktrans(?:late)?(?P<args>[^%]*)%}(?P<body>.*?){%\s*endblocktrans(?:late)?\s*%}", re.S
)


def _python_messages(path: Path) -> list[tuple[str | None, str, int]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if name not in GETTEXT_NAMES:
            continue
        args, context = list(node.args), None
        if name.startswith("pgettext"):
            if not (isinstance(args[0], ast.Constant) and isinstance(args[0].value, str)):
                continue
            context, args = args[0].value, args[1:]
        if args and isinstance(args[0], ast.Constant) and isinstance(args[0].value, str):
            found.append((context, args[0].value, node.lineno))
    return found


def _template_messages(path: Path) -> list[tuple[str | None, str, int]]:
    text = path.read_text()
    found = []
    for match in _TRANSLATE_TAG.finditer(text):
        found.append((match.group(4), match.group(2), text.count("\n", 0, match.start()) + 1))
    for match in _BLOCK_TAG.finditer(text):
        body = match.group("body").split("{% plural %}")[0]
        message = re.sub(r"{{\s*(\w+)\s*}}", r"%(\1)s", body)
        if "trimmed" in match.group("args"):
            message = " ".join(line.strip() for line in message.strip().splitlines())
        context = re.search(r"context\s+([\"'])(.*?)\1", match.group("args"))
        found.append((context.group(2) if context else None, message, text.count("\n", 0, match.start()) + 1))
    return found


def marked_messages() -> list[tuple[str | None, str, str]]:
    """(context, message, where) of every message the code and templates mark for translation (tests and
    migrations left out): what `makemessages` would extract, read without GNU gettext."""
    found = []
    for path in sorted(SOURCE_DIR.rglob("*.py")):
        if {"tests", "migrations"} & set(path.relative_to(SOURCE_DIR).parts):
            continue
        found += [(c, m, f"{path.relative_to(SOURCE_DIR)}:{line}") for c, m, line in _python_messages(path)]
    for path in sorted(SOURCE_DIR.rglob("*.html")):
        found += [(c, m, f"{path.relative_to(SOURCE_DIR)}:{line}") for c, m, line in _template_messages(path)]
    return found


def catalogues() -> list[Path]:
    return sorted(LOCALE_DIR.glob("*/LC_MESSAGES/django.po"))


def compile_all() -> list[Path]:
    written = []
    for po_path in catalogues():
        mo_path = po_path.with_suffix(".mo")
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        written.append(mo_path)
    return written


def problems() -> list[str]:
    found = []
    vietnamese = LOCALE_DIR / "vi" / "LC_MESSAGES" / "django.po"
    if vietnamese.exists():
        held = {(e.msgctxt, e.msgid) for e in polib.pofile(str(vietnamese)) if not e.obsolete}
        found += [
            f"{where}: not in the Vietnamese catalogue: {message!r}"
            for context, message, where in marked_messages()
            if (context, message) not in held
        ]
    for po_path in catalogues():
        catalogue = polib.pofile(str(po_path))
        seen: set[tuple[str | None, str]] = set()
        for entry in catalogue:
            key = (entry.msgctxt, entry.msgid)
            if key in seen and not entry.obsolete:
                found.append(f"{po_path}: twice in the catalogue: {entry.msgid!r}")
            seen.add(key)
        for entry in catalogue:
            if entry.obsolete:
                continue
            if "fuzzy" in entry.flags:
                found.append(f"{po_path}: fuzzy: {entry.msgid!r}")
            elif not entry.translated():
                found.append(f"{po_path}: untranslated: {entry.msgid!r}")
        mo_path = po_path.with_suffix(".mo")
        compiled = polib.mofile(str(mo_path)) if mo_path.exists() else None
        expected = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in catalogue.translated_entries()}
        actual = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in compiled or []}
        if compiled is None or any(actual.get(key) != value for key, value in expected.items()):
            found.append(f"{mo_path}: not compiled from the current .po (run `make messages`)")
    return found


def main(argv: list[str]) -> int:
    if argv[1:] == ["compile"]:
        for path in compile_all():
            print(f"compiled {path}")
        return 0
    if argv[1:] == ["check"]:
        issues = problems()
        print("\n".join(issues) or "translations complete")
        return 1 if issues else 0
    print("usage: python -m chancery.core.i18n compile|check", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
