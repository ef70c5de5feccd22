"""Settings of the search benchmark's baseline server: the app plus stock Oscar's search, which
runs on haystack (its app installed, as in Oscar's own INSTALLED_APPS; the simple backend)."""
from marketplace.settings.test import *  # noqa: F401,F403
from marketplace.settings.test import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "haystack"]
HAYSTACK_SIGNAL_PROCESSOR = "haystack.signals.BaseSignalProcessor"  # nothing to keep in sync
