"""The demo marketplace (`manage.py load_demo_data`): an entry point that builds data through the
product's own services, so it may call any layer."""
from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "marketplace.demo"
    label = "demo"
    verbose_name = "Demo data"
