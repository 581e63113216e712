"""Reading a query the way people type it: words, and "quoted phrases", folded like the index."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from chancery.core.text import fold

_QUOTED = re.compile(r'"([^"]*)"')
_WORD = re.compile(r"[0-9a-z]+")
MAX_CLAUSES = 12


@dataclass(frozen=True)
class ParsedQuery:
    words: tuple[str, ...]  # each matches as a prefix ("cuo" finds "cuong")
    phrases: tuple[tuple[str, ...], ...]  # consecutive words, in order

    def __bool__(self) -> bool:
        return bool(self.words or self.phrases)

    @property
    def terms(self) -> tuple[str, ...]:
        """Every word of the query, for highlighting."""
        return self.words + tuple(w for phrase in self.phrases for w in phrase)

    def tsquery(self) -> str:
        """PostgreSQL to_tsquery syntax (words are [0-9a-z]+ only, so nothing can be injected)."""
        parts = [f"{w}:*" for w in self.words]
        parts += ["(" + " <-> ".join(p) + ")" if len(p) > 1 else p[0] for p in self.phrases]
        return " & ".join(parts)

    def fts5(self) -> str:
        """SQLite FTS5 MATCH syntax."""
        parts = [f'"{w}"*' for w in self.words]
        parts += ['"' + " ".join(p) + '"' for p in self.phrases]
        return " ".join(parts)


def parse(text: str) -> ParsedQuery:
    phrases = []
    for quoted in _QUOTED.findall(text):
        words = tuple(_WORD.findall(fold(quoted)))
        if words:
            phrases.append(words)
    rest = _QUOTED.sub(" ", text)
    words = tuple(dict.fromkeys(_WORD.findall(fold(rest))))
    return ParsedQuery(words[:MAX_CLAUSES], tuple(phrases[:MAX_CLAUSES]))


def _folded_chars(text: str) -> str:
    """The text folded one character at a time, so positions match the original (Vietnamese letters in
    NFC fold to one letter each)."""
    out = []
    for ch in text:
        folded = fold(ch)
        out.append(folded[0] if len(folded) == 1 else (" " if not folded else folded[0]))
    return "".join(out)


def highlight(text: str, terms: tuple[str, ...], *, width: int = 0) -> SafeString:
    """`text` escaped, with every word that starts with a query term in <mark>; with `width`, a snippet of
    about that many characters around the first match."""
    folded = _folded_chars(text)
    spans: list[tuple[int, int]] = []
    for term in sorted(set(terms), key=len, reverse=True):
        for match in re.finditer(rf"(?<![0-9a-z]){re.escape(term)}", folded):
            spans.append((match.start(), match.end()))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    begin, finish = 0, len(text)
    if width and len(text) > width:
        first = merged[0][0] if merged else 0
        begin = max(0, first - width // 3)
        finish = min(len(text), begin + width)
        merged = [(max(s, begin), min(e, finish)) for s, e in merged if e > begin and s < finish]
    out: list[str] = []
    at = begin
    for start, end in merged:
        out.append(escape(text[at:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        at = end
    out.append(escape(text[at:finish]))
    prefix = "… " if begin > 0 else ""
    suffix = " …" if finish < len(text) else ""
    return mark_safe(prefix + "".join(out) + suffix)  # noqa: S308  (every piece escaped above)
