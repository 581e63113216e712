"""The five roles of the office (RoleCode); their meaning is in chancery.core.access."""

from django.db import migrations

CODES = ["clerk", "specialist", "head_of_unit", "leadership", "administrator"]


def create_roles(apps, schema_editor):  # type: ignore[no-untyped-def]
    Role = apps.get_model("core", "Role")
    for code in CODES:
        Role.objects.get_or_create(code=code)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_audit_trail_append_only")]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
