"""The search index: one row per indexed record of any module, kept in step with every write.

The full-text structures are the database's own and are maintained by the database on write (migrations
0001 and 0002): on PostgreSQL a `document` tsvector column, filled by a trigger with `unaccent` and indexed
with GIN, a pg_trgm index on the folded text, and the `search_lexeme` table of every word of the index (for
prefixes); on SQLite an FTS5 table over the folded text with prefix indexes, kept in step by triggers. The
model holds what both share; the search backends (chancery.search.backends) read them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from chancery.core.models import SecrecyLevel, Unit


class SearchEntry(models.Model):
    object_type = models.CharField(_("record type"), max_length=100)
    object_id = models.BigIntegerField(_("record id"))
    module = models.CharField(_("module"), max_length=40)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    folded = models.TextField(blank=True)  # fold(title + body): what the FTS and trigram indexes read
    state = models.CharField(_("state"), max_length=40, blank=True)
    on_date = models.DateField(_("date"), null=True, blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    # Access facts copied from the record, filtered by the same policy as the record itself.
    owning_unit = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_constraint=False
    )
    secrecy = models.PositiveSmallIntegerField(choices=SecrecyLevel.choices, default=SecrecyLevel.NONE)
    everyone = models.BooleanField(default=False)  # directory entries every member of staff may see

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(fields=["object_type", "object_id"], name="search_one_entry_per_record")
        ]
        indexes = [
            models.Index(fields=["module", "on_date"], name="search_module_date_idx"),
            models.Index(fields=["owning_unit", "secrecy"], name="search_access_idx"),
        ]

    def __str__(self) -> str:
        return self.title
