"""The bases of the API's viewsets: what every route over records shares, declared once.

A record's id in a path is a number of at most 18 digits: anything else is the router's 404, never a 500 from
int() or an integer overflowing in the database. Every viewset over records derives from `RecordViewSet`
(or `ReadOnlyRecordViewSet`); a viewset whose keys are not ids (the case lists' names) declares its own
pattern, and a test checks that every route has one."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model
from rest_framework import mixins, viewsets

_M = TypeVar("_M", bound=Model)

RECORD_ID = r"[0-9]{1,18}"


class RecordViewSet(viewsets.GenericViewSet[_M]):
    lookup_value_regex = RECORD_ID


class ReadOnlyRecordViewSet(mixins.RetrieveModelMixin, mixins.ListModelMixin, RecordViewSet[_M]):
    """A record type read by its list and by each record."""
