"""The sentences an amnesty in a special case may cover (Luật Đặc xá 2018, Điều 22: a postponed sentence, a
life sentence not commuted), and the reductions of sentence as a term of each campaign.

A campaign whose terms were frozen before this term existed was appraised with the reductions counted as time
served: it keeps that reading as its frozen term ("added"). The others get the term's default, the 2025
guidance (reductions deducted from what remains), which the head of the unit sees and may change until the
appraisal starts."""

from django.db import migrations, models


def keep_the_frozen_reading(apps, schema_editor):
    Campaign = apps.get_model("amnesty", "Campaign")
    for campaign in Campaign.objects.filter(frozen_at__isnull=False).only("pk", "terms"):
        terms = dict(campaign.terms or {})
        if "reductions" not in terms:
            terms["reductions"] = "added"
            Campaign.objects.filter(pk=campaign.pk).update(terms=terms)


class Migration(migrations.Migration):
    dependencies = [
        ("amnesty", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="proposal",
            name="kind",
            field=models.CharField(
                choices=[
                    ("fixed", "Tù có thời hạn"),
                    ("life_commuted", "Tù chung thân đã được giảm xuống tù có thời hạn"),
                    ("suspended", "Đang được tạm đình chỉ chấp hành án phạt tù"),
                    ("postponed", "Đang được hoãn chấp hành án phạt tù"),
                    ("life", "Tù chung thân (chưa được giảm)"),
                ],
                max_length=16,
                verbose_name="sentence",
            ),
        ),
        migrations.RunPython(keep_the_frozen_reading, migrations.RunPython.noop),
    ]
