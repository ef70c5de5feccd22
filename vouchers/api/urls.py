"""URL routes (filled in by the feature that owns this package)."""
urlpatterns = []
