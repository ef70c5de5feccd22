import django.db.models.deletion
import parler.fields
from django.db import migrations

from marketplace.languages.migration_operations import MakeTranslatable


class Migration(migrations.Migration):
    """A store's name now lives only in its translations; stores are parler translatable models
    from here on."""

    dependencies = [
        ('merchants', '0004_store_texts_copied'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='location',
            options={'ordering': ['merchant__name', 'id']},
        ),
        migrations.RemoveField(
            model_name='location',
            name='name',
        ),
        MakeTranslatable('Location'),
        migrations.AlterField(
            model_name='locationtranslation',
            name='master',
            field=parler.fields.TranslationsForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='translations', to='merchants.location'),
        ),
    ]
