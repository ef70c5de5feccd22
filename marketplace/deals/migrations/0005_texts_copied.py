"""Each deal's texts and each option's title become their translation in the deal's own language
(English for every deal written so far): the title and description from Oscar's product, the
highlights and fine print from the deal's own columns."""
from django.db import migrations

BATCH = 2000


def texts_copied(apps, schema_editor):
    Deal = apps.get_model("deals", "Deal")
    DealOption = apps.get_model("deals", "DealOption")
    DealTranslation = apps.get_model("deals", "DealTranslation")
    DealOptionTranslation = apps.get_model("deals", "DealOptionTranslation")
    rows = []
    for deal in Deal.objects.select_related("product").order_by("pk").iterator(chunk_size=BATCH):
        rows.append(DealTranslation(
            master_id=deal.pk, language_code=deal.original_language, title=deal.product.title,
            description=deal.product.description or "", highlights=deal.highlights,
            fine_print=deal.fine_print))
        if len(rows) >= BATCH:
            DealTranslation.objects.bulk_create(rows)
            rows = []
    DealTranslation.objects.bulk_create(rows)
    rows = []
    options = DealOption.objects.select_related("product", "deal").order_by("pk")
    for option in options.iterator(chunk_size=BATCH):
        rows.append(DealOptionTranslation(master_id=option.pk, title=option.product.title,
                                          language_code=option.deal.original_language))
        if len(rows) >= BATCH:
            DealOptionTranslation.objects.bulk_create(rows)
            rows = []
    DealOptionTranslation.objects.bulk_create(rows)


def texts_copied_back(apps, schema_editor):
    """The own-language highlights and fine print go back to the deal's columns."""
    Deal = apps.get_model("deals", "Deal")
    DealTranslation = apps.get_model("deals", "DealTranslation")
    for deal in Deal.objects.order_by("pk").iterator(chunk_size=BATCH):
        own = DealTranslation.objects.filter(master_id=deal.pk,
                                             language_code=deal.original_language).first()
        if own is not None:
            Deal.objects.filter(pk=deal.pk).update(highlights=own.highlights,
                                                   fine_print=own.fine_print)


class Migration(migrations.Migration):

    dependencies = [
        ('deals', '0004_texts_in_languages'),
    ]

    operations = [
        migrations.RunPython(texts_copied, texts_copied_back),
    ]
