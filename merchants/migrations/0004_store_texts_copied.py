"""Each store's name becomes its translation in the store's own language (English so far)."""
from django.db import migrations

BATCH = 2000


def names_copied(apps, schema_editor):
    Location = apps.get_model("merchants", "Location")
    LocationTranslation = apps.get_model("merchants", "LocationTranslation")
    rows = []
    for location in Location.objects.order_by("pk").iterator(chunk_size=BATCH):
        rows.append(LocationTranslation(master_id=location.pk, name=location.name,
                                        language_code=location.original_language))
        if len(rows) >= BATCH:
            LocationTranslation.objects.bulk_create(rows)
            rows = []
    LocationTranslation.objects.bulk_create(rows)


def names_copied_back(apps, schema_editor):
    Location = apps.get_model("merchants", "Location")
    LocationTranslation = apps.get_model("merchants", "LocationTranslation")
    for location in Location.objects.order_by("pk").iterator(chunk_size=BATCH):
        own = LocationTranslation.objects.filter(master_id=location.pk,
                                                 language_code=location.original_language).first()
        if own is not None:
            Location.objects.filter(pk=location.pk).update(name=own.name)


class Migration(migrations.Migration):

    dependencies = [
        ('merchants', '0003_store_texts_in_languages'),
    ]

    operations = [
        migrations.RunPython(names_copied, names_copied_back),
    ]
