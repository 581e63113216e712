"""Petitions point at core.Agency (the same table, moved in core 0008/0009)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("petitions", "0001_petitions"),
        ("core", "0008_agency_from_petitions"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="petition",
                    name="competent_agency",
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="petitions_competent", to="core.agency", verbose_name="competent agency"),
                ),
                migrations.AlterField(
                    model_name="petition",
                    name="sent_by_agency",
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="petitions_sent", to="core.agency", verbose_name="forwarded to us by"),
                ),
                migrations.AlterField(
                    model_name="forwarding",
                    name="agency",
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="core.agency", verbose_name="agency"),
                ),
                migrations.DeleteModel(name="Agency"),
            ],
            database_operations=[],
        ),
    ]
