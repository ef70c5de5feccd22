import django.db.models.deletion
import parler.models
from django.db import migrations, models


class Migration(migrations.Migration):
    """A store's name and its new directions get a table of translations (django-parler), pointing
    to their store with a plain foreign key until the store's name column is gone (0005)."""

    dependencies = [
        ('merchants', '0002_apitoken_invitation'),
    ]

    operations = [
        migrations.AddField(
            model_name='location',
            name='original_language',
            field=models.CharField(default='en-gb', max_length=15, verbose_name="the store's own language"),
        ),
        migrations.CreateModel(
            name='LocationTranslation',
            fields=[
                ('id', models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('language_code', models.CharField(db_index=True, max_length=15, verbose_name='Language')),
                ('name', models.CharField(max_length=200, verbose_name='store name')),
                ('directions', models.TextField(blank=True, help_text='How to find the store: floor, entrance, landmarks.', verbose_name='directions')),
                ('master', models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='translations', to='merchants.location')),
            ],
            options={
                'db_table': 'merchants_location_translation',
                'unique_together': {('language_code', 'master')},
            },
            bases=(parler.models.TranslatedFieldsModelMixin, models.Model),
        ),
    ]
