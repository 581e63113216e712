"""The list of agencies moves from petitions to core (documents, honours and the other modules use it too).
This step only tells Django's model state; the table is renamed in 0009."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_attachments"),
        ("petitions", "0001_petitions"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Agency",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("name", models.CharField(max_length=250, unique=True, verbose_name="name")),
                        ("short_name", models.CharField(blank=True, max_length=60, verbose_name="short name")),
                        ("address", models.CharField(blank=True, max_length=300, verbose_name="address")),
                        ("province_code", models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="province")),
                        ("folded", models.CharField(db_index=True, editable=False, max_length=250)),
                        ("is_active", models.BooleanField(default=True, verbose_name="active")),
                    ],
                    options={
                        "verbose_name": "agency",
                        "verbose_name_plural": "agencies",
                        "ordering": ["name"],
                        "db_table": "petitions_agency",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
