"""The staff dashboard pages of curation (declared, with their permissions, in apps.py)."""
from django.apps import apps

app_name = "curation"
urlpatterns = apps.get_app_config("curation").urls[0]
