"""A form refuses a value that is not among its choices without repeating it: a forged id or code sent to a
page is never shown back to staff, and the refusal says what to do (issue 26)."""

import pytest
from django import forms

from chancery.core.forms import StyledForm
from chancery.core.models import Unit

pytestmark = pytest.mark.django_db


class _Form(StyledForm):
    kind = forms.ChoiceField(choices=[("a", "Một"), ("b", "Hai")])
    kinds = forms.MultipleChoiceField(choices=[("a", "Một")], required=False)
    unit = forms.ModelChoiceField(queryset=Unit.objects.all(), required=False)
    units = forms.ModelMultipleChoiceField(queryset=Unit.objects.all(), required=False)


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "<script>x</script>"},
        {"kind": "a", "kinds": ["zz-forged"]},
        {"kind": "a", "unit": "987654"},
        {"kind": "a", "units": ["987654"]},
        {"kind": "a", "units": ["not-a-number"]},
    ],
)
def test_a_value_not_among_the_choices_is_refused_without_being_repeated(data):
    form = _Form(data)
    assert not form.is_valid()
    shown = " ".join(str(e) for errors in form.errors.values() for e in errors)
    assert "hãy chọn lại" in shown
    for sent in ("script", "zz-forged", "987654", "not-a-number"):
        assert sent not in shown
