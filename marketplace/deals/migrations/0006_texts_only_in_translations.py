import django.db.models.deletion
import parler.fields
from django.db import migrations

from marketplace.languages.migration_operations import MakeTranslatable


class Migration(migrations.Migration):
    """Highlights and fine print now live only in the deal's translations; deals and options are
    parler translatable models from here on."""

    dependencies = [
        ('deals', '0005_texts_copied'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='deal',
            name='fine_print',
        ),
        migrations.RemoveField(
            model_name='deal',
            name='highlights',
        ),
        MakeTranslatable('Deal'),
        MakeTranslatable('DealOption'),
        migrations.AlterField(
            model_name='dealtranslation',
            name='master',
            field=parler.fields.TranslationsForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='translations', to='deals.deal'),
        ),
        migrations.AlterField(
            model_name='dealoptiontranslation',
            name='master',
            field=parler.fields.TranslationsForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='translations', to='deals.dealoption'),
        ),
    ]
