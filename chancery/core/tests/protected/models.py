from django.db import models

from chancery.core.models import ProtectedRecord


class Memo(ProtectedRecord):
    """A minimal protected record, shaped like every domain record (owning unit, secrecy, assignments)."""

    title = models.CharField(max_length=200)

    def __str__(self) -> str:
        return self.title
