"""The facts the law's time limits and the path of a petition depend on (complex case, remote area, checks in
several places, concrete evidence, civil dispute), and the letter that passes an anonymous denunciation's
information on for inspection (Luật Tố cáo 2018, Art. 25.2)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("petitions", "0003_person_keys_by_commune")]

    operations = [
        migrations.AddField(
            model_name="petition",
            name="is_complex",
            field=models.BooleanField(default=False, verbose_name="complex case"),
        ),
        migrations.AddField(
            model_name="petition",
            name="is_remote_area",
            field=models.BooleanField(default=False, verbose_name="remote area with difficult travel"),
        ),
        migrations.AddField(
            model_name="petition",
            name="checked_in_several_places",
            field=models.BooleanField(default=False, verbose_name="checked in several places"),
        ),
        migrations.AddField(
            model_name="petition",
            name="has_evidence",
            field=models.BooleanField(default=False, verbose_name="concrete evidence enclosed"),
        ),
        migrations.AddField(
            model_name="petition",
            name="is_civil_dispute",
            field=models.BooleanField(default=False, verbose_name="civil dispute between private parties"),
        ),
        migrations.AlterField(
            model_name="forwarding",
            name="letter",
            field=models.CharField(
                choices=[
                    ("forward", "Forwarding letter"),
                    ("guide", "Guidance letter"),
                    ("notice", "Notice to the petitioner"),
                    ("reminder", "Reminder to the agency"),
                    ("transfer", "Information passed on for inspection"),
                ],
                max_length=20,
                verbose_name="letter",
            ),
        ),
    ]
