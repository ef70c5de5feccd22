"""A migration operation for models whose texts move into django-parler translations."""
from django.db import models
from django.db.migrations.operations.base import Operation
from parler.models import TranslatableModelMixin


class MakeTranslatable(Operation):
    """From here on in the migrations' history, the model is a parler TranslatableModel (its
    translation model's TranslationsForeignKey requires it). Nothing changes in the database.

    Django records a model's bases only when the model is created, and parler's own guide edits
    that first migration; this states the change where it happens instead. Place it after the
    model's old text columns are removed: parler refuses a model that still has a column named
    like a translated field."""

    reduces_to_sql = False
    reversible = True

    def __init__(self, name: str):
        self.name = name

    def deconstruct(self):
        return self.__class__.__qualname__, [], {"name": self.name}

    def state_forwards(self, app_label, state):
        state.models[app_label, self.name.lower()].bases = (TranslatableModelMixin, models.Model)
        state.reload_model(app_label, self.name.lower(), delay=True)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        pass

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass

    def describe(self):
        return f"{self.name} keeps its texts in parler translations"

    @property
    def migration_name_fragment(self):
        return f"{self.name.lower()}_translatable"
