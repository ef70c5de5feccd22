from oscar.apps.order.models import *  # noqa: F401,F403  Oscar's order models, unchanged
