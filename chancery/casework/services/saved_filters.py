"""Saved filters of case lists: a person's filters and sort of a list, kept under a name."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chancery.casework import lists
from chancery.casework.models import SavedFilter
from chancery.core.text import nfc

SAVED_FILTERS_PER_LIST = 50


@transaction.atomic
def save_filter(*, actor: Any, list_key: str, name: str, query: str) -> SavedFilter:
    """Keep the filters and sort of a case list under a name; the same name again replaces them."""
    case_list = lists.get(list_key)
    if case_list is None:
        raise ValidationError(_("There is no such list."))
    name = " ".join(nfc(name).split())
    if not name:
        raise ValidationError(_("Give the filter a name."))
    if len(name) > 80:
        raise ValidationError(_("The name is too long (at most 80 characters)."))
    known, _data = lists.clean_query(case_list, query)
    saved = SavedFilter.objects.filter(user=actor, list_key=list_key, name=name).first()
    if saved is None:
        if SavedFilter.objects.filter(user=actor, list_key=list_key).count() >= SAVED_FILTERS_PER_LIST:
            raise ValidationError(
                _("You already keep %(count)s filters on this list: delete one first.")
                % {"count": SAVED_FILTERS_PER_LIST}
            )
        saved = SavedFilter(user=actor, list_key=list_key, name=name)
    saved.query = known.urlencode()
    saved.save()
    return saved


def delete_filter(*, actor: Any, saved: SavedFilter) -> None:
    if saved.user_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("This filter is someone else's."))
    saved.delete()
