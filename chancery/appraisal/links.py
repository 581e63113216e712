"""A round of appraisal (an amnesty campaign, an honours batch) as a kind of record the links between records
know (chancery.core.links): a clerk links it to the documents it rests on, named by its number ("3/2026") or
words of its title, among the rounds they may see."""

from __future__ import annotations

import re
from typing import Any

from django.db import models
from django.utils.functional import Promise

from chancery.core import access, links
from chancery.core.text import fold

_CODE = re.compile(r"^\s*(\d{1,6})\s*/\s*(\d{4})\s*$")


def _finder(model: type[models.Model]) -> Any:
    def find(user: Any, text: str) -> Any:
        rounds = access.visible_records(user, model._default_manager.all())
        code = _CODE.match(text)
        if code:
            return rounds.filter(number=int(code.group(1)), year=int(code.group(2))).first()
        words = fold(text).split()
        if not words:
            return None
        # a title is short and the rounds of a few years are few: folded in Python, diacritics ignored
        for candidate in rounds.order_by("-year", "-number")[:500]:
            title = fold(str(candidate))
            if all(word in title for word in words):
                return candidate
        return None

    return find


def register_round(key: str, label: str | Promise, model: type[models.Model]) -> None:
    links.register(links.LinkKind(key, label, model, _finder(model), str))
