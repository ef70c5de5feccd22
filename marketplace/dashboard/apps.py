"""Oscar's dashboard app, forked only so that its home (IndexView, in views.py) is ours."""
from oscar.apps.dashboard import apps


class DashboardConfig(apps.DashboardConfig):
    name = "marketplace.dashboard"
