"""FeaturedSlot, DealRevision and DealChange move from curation to deals with their tables
(curation_featuredslot, curation_dealrevision, curation_dealchange): the state only, no table is
rebuilt; their content types (and the permissions tied to them) follow."""
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ("featuredslot", "dealrevision", "dealchange")


def content_types_move(old: str, new: str):
    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        ContentType.objects.filter(app_label=old, model__in=MOVED).update(app_label=new)
    return move


class Migration(migrations.Migration):

    dependencies = [
        ("catalogue", "0032_category_exclude_from_menu_category_long_description"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("curation", "0001_initial"),
        ("deals", "0002_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="FeaturedSlot",
                    fields=[
                        ("id", models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("city", models.CharField(db_index=True, max_length=100)),
                        ("position", models.PositiveIntegerField(help_text="1 is shown first.")),
                        ("starts_on", models.DateField()),
                        ("ends_on", models.DateField(help_text="Last day shown (inclusive).")),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("category", models.ForeignKey(blank=True, help_text="Empty: the city's home page.", null=True, on_delete=django.db.models.deletion.CASCADE, related_name="featured_slots", to="catalogue.category")),
                        ("created_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("deal", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="featured_slots", to="deals.deal")),
                    ],
                    options={
                        "db_table": "curation_featuredslot",
                        "ordering": ["city", "category_id", "position", "starts_on", "id"],
                        "constraints": [models.CheckConstraint(condition=models.Q(("ends_on__gte", models.F("starts_on"))), name="featured_slot_ends_after_start")],
                    },
                ),
                migrations.CreateModel(
                    name="DealRevision",
                    fields=[
                        ("id", models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("changes", models.JSONField()),
                        ("status", models.CharField(choices=[("pending", "Waiting for review"), ("approved", "Approved and applied"), ("rejected", "Rejected"), ("changes", "Changes requested")], db_index=True, default="pending", max_length=10)),
                        ("submitted_at", models.DateTimeField(auto_now_add=True)),
                        ("reviewed_at", models.DateTimeField(blank=True, null=True)),
                        ("comment", models.TextField(blank=True)),
                        ("deal", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="revisions", to="deals.deal")),
                        ("reviewed_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("submitted_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "db_table": "curation_dealrevision",
                        "ordering": ["-submitted_at", "-id"],
                        "constraints": [models.UniqueConstraint(condition=models.Q(("status", "pending")), fields=("deal",), name="one_pending_revision_per_deal")],
                    },
                ),
                migrations.CreateModel(
                    name="DealChange",
                    fields=[
                        ("id", models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("field", models.CharField(max_length=50)),
                        ("old_value", models.TextField(blank=True)),
                        ("new_value", models.TextField(blank=True)),
                        ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                        ("actor", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("deal", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="changes", to="deals.deal")),
                        ("option", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="deals.dealoption")),
                        ("revision", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="applied", to="deals.dealrevision")),
                    ],
                    options={
                        "db_table": "curation_dealchange",
                        "ordering": ["-created_at", "-id"],
                    },
                ),
            ],
        ),
        migrations.RunPython(content_types_move("curation", "deals"),
                             content_types_move("deals", "curation")),
    ]
