"""Our changes to Django's date formats per language (settings.FORMAT_MODULE_PATH)."""
