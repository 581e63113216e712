"""Translation catalogues without GNU gettext: compile .po to .mo and check that Vietnamese is complete.

`python -m chancery.core.i18n compile` (make messages) writes every .mo next to its .po;
`python -m chancery.core.i18n check` fails when a message has no Vietnamese translation, is fuzzy, or when
a .mo is older than its .po. The test suite runs the same check.
"""

import sys
from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


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
    for po_path in catalogues():
        catalogue = polib.pofile(str(po_path))
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
