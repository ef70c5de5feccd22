"""The deal marketplace: the Django project and the shop built on django-oscar."""
from .celery import app as celery_app

__all__ = ["celery_app"]
