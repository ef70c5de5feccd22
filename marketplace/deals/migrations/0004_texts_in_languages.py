import django.db.models.deletion
import parler.models
from django.db import migrations, models


class Migration(migrations.Migration):
    """A deal's texts and its options' titles get a table of translations (django-parler). The
    translations point to their deal with a plain foreign key until the deal's own text columns
    are gone (0006): parler refuses a model that still has a column named like a translated field."""

    dependencies = [
        ('deals', '0003_from_curation'),
    ]

    operations = [
        migrations.AddField(
            model_name='deal',
            name='original_language',
            field=models.CharField(default='en-gb', max_length=15, verbose_name="the deal's own language"),
        ),
        migrations.CreateModel(
            name='DealOptionTranslation',
            fields=[
                ('id', models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('language_code', models.CharField(db_index=True, max_length=15, verbose_name='Language')),
                ('title', models.CharField(max_length=255, verbose_name='option')),
                ('master', models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='translations', to='deals.dealoption')),
            ],
            options={
                'db_table': 'deals_dealoption_translation',
                'unique_together': {('language_code', 'master')},
            },
            bases=(parler.models.TranslatedFieldsModelMixin, models.Model),
        ),
        migrations.CreateModel(
            name='DealTranslation',
            fields=[
                ('id', models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('language_code', models.CharField(db_index=True, max_length=15, verbose_name='Language')),
                ('title', models.CharField(max_length=255, verbose_name='title')),
                ('description', models.TextField(blank=True, verbose_name='description')),
                ('highlights', models.TextField(blank=True, help_text='One highlight per line.', verbose_name='highlights')),
                ('fine_print', models.TextField(blank=True, verbose_name='fine print')),
                ('master', models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='translations', to='deals.deal')),
            ],
            options={
                'db_table': 'deals_deal_translation',
                'unique_together': {('language_code', 'master')},
            },
            bases=(parler.models.TranslatedFieldsModelMixin, models.Model),
        ),
    ]
