"""The petitioner keys of the duplicate check now name the commune (chancery.petitions.matching.person_keys):
the keys stored for every petition on file are computed again, a chunk of petitions at a time."""

from django.db import migrations

CHUNK = 5000


def rekey(apps, schema_editor):
    from chancery.petitions import matching

    Petitioner = apps.get_model("petitions", "Petitioner")
    MatchKey = apps.get_model("petitions", "MatchKey")
    Petition = apps.get_model("petitions", "Petition")
    after = 0
    while True:
        ids = list(Petition.objects.filter(pk__gt=after).order_by("pk").values_list("pk", flat=True)[:CHUNK])
        if not ids:
            return
        MatchKey.objects.filter(petition_id__in=ids, is_person=True).delete()
        keys = set()
        for petition_id, full_name, province, ward, id_number in Petitioner.objects.filter(
            petition_id__in=ids
        ).values_list("petition_id", "full_name", "province_code", "ward_code", "id_number"):
            for key in matching.person_keys(
                full_name=full_name, province_code=province, ward_code=ward, id_number=id_number
            ):
                keys.add((key, petition_id))
        MatchKey.objects.bulk_create(
            [MatchKey(key=key, petition_id=petition_id, is_person=True) for key, petition_id in keys],
            batch_size=5000,
        )
        after = ids[-1]


class Migration(migrations.Migration):
    dependencies = [("petitions", "0002_agency_moved_to_core")]

    operations = [migrations.RunPython(rekey, migrations.RunPython.noop, elidable=True)]
