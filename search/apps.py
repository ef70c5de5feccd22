import oscar.apps.search.apps as apps


class SearchConfig(apps.SearchConfig):
    """Oscar's search app, forked: Elasticsearch (with a database fallback) replaces haystack."""

    name = 'search'

    def ready(self):
        super().ready()
        from . import receivers  # noqa: F401  connects the index-update handlers
