"""The duplicate check reads letters, not texts (chancery.petitions.matching): each petition keeps what the
check compares of it (`MatchText`: its body's words and segments as hashes, and its facts), its content keys are computed on its
body (the greeting, the writer's identity, the signature cut) with the keys of its facts, and its petitioners
get the keys that find a name typed one letter wrong. Every petition on file is parsed and keyed again, a
chunk at a time. The fields of a petition gain the environment and civil disputes between citizens."""

import django.db.models.deletion
from django.db import migrations, models

CHUNK = 2000


def rekey(apps, schema_editor):
    from chancery.petitions import matching

    Petition = apps.get_model("petitions", "Petition")
    Petitioner = apps.get_model("petitions", "Petitioner")
    MatchKey = apps.get_model("petitions", "MatchKey")
    MatchText = apps.get_model("petitions", "MatchText")
    after = 0
    while True:
        rows = list(
            Petition.objects.filter(pk__gt=after)
            .order_by("pk")
            .values_list("pk", "summary", "content")[:CHUNK]
        )
        if not rows:
            return
        ids = [pk for pk, _summary, _content in rows]
        MatchKey.objects.filter(petition_id__in=ids).delete()
        MatchText.objects.filter(petition_id__in=ids).delete()
        keys = set()
        texts = []
        for pk, summary, content in rows:
            parsed = matching.parse(matching.petition_text(summary, content))
            words, shapes, sizes, facts = parsed.stored()
            texts.append(MatchText(petition_id=pk, words=words, shapes=shapes, sizes=sizes, facts=facts))
            bands, fact_bands = matching.content_keys(parsed)
            keys.update((key, pk, False) for key in [*bands, *fact_bands])
        for pk, full_name, province, ward, id_number in Petitioner.objects.filter(
            petition_id__in=ids
        ).values_list("petition_id", "full_name", "province_code", "ward_code", "id_number"):
            for key in matching.person_keys(
                full_name=full_name, province_code=province, ward_code=ward, id_number=id_number
            ):
                keys.add((key, pk, True))
        MatchText.objects.bulk_create(texts, batch_size=CHUNK)
        MatchKey.objects.bulk_create(
            [MatchKey(key=key, petition_id=pk, is_person=person) for key, pk, person in keys], batch_size=5000
        )
        matching.forget_parses()
        after = ids[-1]


class Migration(migrations.Migration):
    dependencies = [("petitions", "0005_identity_protection")]

    operations = [
        migrations.CreateModel(
            name="MatchText",
            fields=[
                (
                    "petition",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="petitions.petition",
                    ),
                ),
                ("words", models.BinaryField()),
                ("shapes", models.BinaryField()),
                ("sizes", models.BinaryField()),
                ("facts", models.TextField(blank=True)),
            ],
        ),
        migrations.AlterField(
            model_name="petition",
            name="field",
            field=models.CharField(
                choices=[
                    ("land", "Land, housing, compensation"),
                    ("administration", "Public administration"),
                    ("justice", "Justice (court judgments, enforcement)"),
                    ("corruption", "Corruption, abuse of office"),
                    ("social", "Social policy, people with merit"),
                    ("labour", "Labour, employment, insurance"),
                    ("economy", "Economy, business, finance"),
                    ("clemency", "Clemency and amnesty"),
                    ("environment", "Environment"),
                    ("civil", "Civil disputes between citizens"),
                    ("other", "Other"),
                ],
                max_length=20,
                verbose_name="field",
            ),
        ),
        migrations.RunPython(rekey, migrations.RunPython.noop, elidable=True),
    ]
