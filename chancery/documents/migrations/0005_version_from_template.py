from django.db import migrations, models

# The notes the versions made from the template were written with (services.create_draft, update_draft), in
# the language of the person who made them: those versions are marked; any other version was uploaded.
TEMPLATE_NOTES = ("Drafted from the template", "Particulars changed", "Soạn từ mẫu", "Sửa thông tin văn bản")


def mark(apps, schema_editor):
    DraftVersion = apps.get_model("documents", "DraftVersion")
    DraftVersion.objects.filter(note__in=TEMPLATE_NOTES, is_signed=False).update(from_template=True)


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0004_signature_specimens"),
    ]

    operations = [
        migrations.AddField(
            model_name="draftversion",
            name="from_template",
            field=models.BooleanField(default=False, verbose_name="made from the template"),
        ),
        migrations.RunPython(mark, migrations.RunPython.noop),
    ]
