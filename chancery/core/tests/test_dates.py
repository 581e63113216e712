"""Dates on every screen are dd/mm/yyyy whatever the browser's or the screen's language (issue 26): every
date field of every form the pages use is the office's text input, shows 05/12/2026, and reads 05/12/2026 as
the 5th of December in Vietnamese and in English (never as the browser's or Django's English mm/dd/yyyy)."""

import datetime
import importlib
import pkgutil
import re
from pathlib import Path

import pytest
from django import forms
from django.utils import translation

import chancery
from chancery.casework.lists import date_filter
from chancery.core.forms import DateInput, DateTimeInput


def _project_forms() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(chancery.__path__, "chancery."):
        if module.name.endswith(".forms") or module.name.endswith(".lists"):
            importlib.import_module(module.name)
    found, stack = [], [forms.BaseForm]
    while stack:
        for sub in stack.pop().__subclasses__():
            stack.append(sub)
            if sub.__module__.startswith("chancery."):
                found.append(sub)
    return found


def test_every_date_field_of_every_form_is_the_offices_text_input() -> None:
    checked, wrong = 0, []
    for form in _project_forms():
        for name, field in getattr(form, "base_fields", {}).items():
            if isinstance(field, forms.DateTimeField | forms.DateField):
                checked += 1
                expected = DateTimeInput if isinstance(field, forms.DateTimeField) else DateInput
                hidden = isinstance(field.widget, forms.HiddenInput)
                # the admin screens keep Django's calendar widget, which writes the office's format too
                admin = form.__module__.endswith(".admin") and isinstance(field.widget, forms.DateInput)
                if not hidden and not admin and not isinstance(field.widget, expected):
                    wrong.append(f"{form.__module__}.{form.__name__}.{name}: {type(field.widget).__name__}")
    for name, field in date_filter("received_on", "Ngày nhận").fields().items():
        checked += 1
        if not isinstance(field.widget, DateInput):
            wrong.append(f"casework.lists.date_filter: {name}")
    assert checked > 40
    assert wrong == []


def test_no_page_template_has_a_native_date_input() -> None:
    root = Path(chancery.__file__).parent
    native = re.compile(r"""type=["'](date|datetime-local|month|week)["']""")
    offenders = [str(p.relative_to(root)) for p in root.rglob("*.html") if native.search(p.read_text())]
    assert offenders == []


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(
    "typed", ["05/12/2026", "5/12/2026", "05-12-2026", "05.12.2026", "05/12/26", "2026-12-05"]
)
def test_a_date_is_read_as_a_vietnamese_clerk_types_it_in_either_language(language: str, typed: str) -> None:
    class Form(forms.Form):
        on = forms.DateField(widget=DateInput())

    with translation.override(language):
        form = Form({"on": typed})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["on"] == datetime.date(2026, 12, 5)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_american_order_is_refused_not_swapped(language: str) -> None:
    class Form(forms.Form):
        on = forms.DateField(widget=DateInput())

    with translation.override(language):
        assert not Form(
            {"on": "12/31/2026"}
        ).is_valid()  # month 31 does not exist: refused, not read as 31/12


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_date_and_a_moment_are_shown_dd_mm_yyyy(language: str) -> None:
    class Form(forms.Form):
        on = forms.DateField(widget=DateInput())
        at = forms.DateTimeField(widget=DateTimeInput())

    with translation.override(language):
        form = Form(initial={"on": datetime.date(2026, 12, 5), "at": datetime.datetime(2026, 12, 5, 14, 30)})
        html = str(form["on"]) + str(form["at"])
    assert 'value="05/12/2026"' in html
    assert 'value="05/12/2026 14:30"' in html
    assert 'type="text"' in html and 'placeholder="dd/mm/yyyy"' in html
    with translation.override(language):
        moment = Form({"on": "05/12/2026", "at": "05/12/2026 14:30"})
        assert moment.is_valid(), moment.errors
        assert moment.cleaned_data["at"].replace(tzinfo=None) == datetime.datetime(2026, 12, 5, 14, 30)
