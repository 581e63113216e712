"""The denouncer's protection reaches the letter's text (Luật Tố cáo 2018, Art. 47–48 and 56).

- `Petition.identity_protected`: set on every denunciation, on every petition a denunciation was merged into
  (it holds the denouncer), and on every registration of a letter that was split into a denunciation and
  other parts; never cleared by a reclassification.
- `Petition.accused_agency`: the body of the person denounced, warned of when the petition is forwarded there.
- The search index is redacted in place: every protected petition's entry is rebuilt from its summary and
  content with the denouncer's identity removed (chancery.core.redaction); an entry that cannot be redacted
  keeps only the petition's number and tracking code. The index never holds the identity from here on (the
  `search_reindex` job rebuilds the whole index the same way, with the province names, whenever it is run).
"""

from __future__ import annotations

from typing import Any

import django.db.models.deletion
from django.db import migrations, models

DENUNCIATION = "denunciation"
PETITION = "petitions.petition"
CHUNK = 500


def protect(apps: Any, schema_editor: Any) -> None:
    petitions = apps.get_model("petitions", "Petition")
    people = apps.get_model("petitions", "Petitioner")
    petitions.objects.filter(kind=DENUNCIATION).update(identity_protected=True)
    joined = people.objects.filter(joined_from__kind=DENUNCIATION).values("petition_id")
    petitions.objects.filter(pk__in=joined).update(identity_protected=True)
    split = petitions.objects.filter(parent__isnull=False)
    letters = set(split.filter(kind=DENUNCIATION).values_list("parent_id", flat=True))
    letters |= set(
        petitions.objects.filter(pk__in=split.values("parent_id"), kind=DENUNCIATION).values_list(
            "pk", flat=True
        )
    )
    petitions.objects.filter(pk__in=letters).update(identity_protected=True)
    petitions.objects.filter(parent_id__in=letters).update(identity_protected=True)


def redact_index(apps: Any, schema_editor: Any) -> None:
    from chancery.core import redaction
    from chancery.core.text import fold, nfc

    petitions = apps.get_model("petitions", "Petition")
    people = apps.get_model("petitions", "Petitioner")
    entries = apps.get_model("search", "SearchEntry")
    protected = petitions.objects.filter(identity_protected=True).order_by("pk")
    after = 0
    while True:
        chunk = list(
            protected.filter(pk__gt=after).values_list(
                "pk", "registry_number", "tracking_code", "summary", "content"
            )[:CHUNK]
        )
        if not chunk:
            break
        after = chunk[-1][0]
        found: dict[int, list[tuple[str, str, str, str, str]]] = {}
        for row in people.objects.filter(petition_id__in=[c[0] for c in chunk]).values_list(
            "petition_id", "full_name", "id_number", "phone", "email", "address"
        ):
            found.setdefault(row[0], []).append(row[1:])
        by_id = {
            e.object_id: e
            for e in entries.objects.filter(object_type=PETITION, object_id__in=[c[0] for c in chunk])
        }
        changed = []
        for pk, number, tracking, summary, content in chunk:
            entry = by_id.get(pk)
            if entry is None:
                continue
            rows = found.get(pk, [])
            identity = redaction.Identity(
                names=tuple(r[0] for r in rows),
                numbers=tuple(n for r in rows for n in (r[1], r[2]) if n),
                emails=tuple(r[3] for r in rows if r[3]),
                addresses=tuple(r[4] for r in rows if r[4]),
            )
            try:
                title = nfc(f"{number} — {redaction.redact(summary, identity)}")[:300]
                body = nfc(
                    f"{tracking} {redaction.redact(summary, identity)} {redaction.redact(content, identity)}"
                )
            except redaction.RedactionError:
                title, body = number, tracking
            entry.title, entry.body, entry.folded = title, body, fold(f"{title} {body}")
            changed.append(entry)
        entries.objects.bulk_update(changed, ["title", "body", "folded"])


class Migration(migrations.Migration):
    dependencies = [
        ("petitions", "0004_clock_facts"),
        ("core", "0009_agency_table_and_code"),
        ("search", "0001_search_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="petition",
            name="accused_agency",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.agency",
                verbose_name="body of the person denounced",
            ),
        ),
        migrations.AddField(
            model_name="petition",
            name="identity_protected",
            field=models.BooleanField(default=False, verbose_name="denouncer protected"),
        ),
        migrations.RunPython(protect, migrations.RunPython.noop),
        migrations.RunPython(redact_index, migrations.RunPython.noop),
    ]
