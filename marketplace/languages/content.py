"""Texts that people write in several languages (a deal, its options, a store), read in the reader's
language and else in the text's own language.

The texts are kept with django-parler (a translation table per model). Reading is ours: a field
declared with ``ReadersLanguageField`` reads the language active when it is read (not when the
object was loaded), so a page, an e-mail rendered inside ``translation.override`` and a PDF all
read the same object in their own language; when the object has no text in that language, it
falls back to the object's own language (``own_language()``), per object, not to a site-wide
language. ``shown_language()`` tells which language a reader sees (for a ``lang`` attribute).
Writing goes through ``texts_write``: one language at a time, explicitly.
"""
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.utils import translation
from parler.fields import TranslatedField, TranslatedFieldDescriptor
from parler.models import TranslatableModel


class ReadersLanguageDescriptor(TranslatedFieldDescriptor):
    """Reads the text of the language shown to the reader now; an object with no text at all
    reads as empty. Writing (parler's) writes the object's current language."""

    def __get__(self, instance, instance_type=None):
        if instance is None:
            return self
        try:
            return getattr(instance.get_translation(instance.shown_language()), self.field.name)
        except ObjectDoesNotExist:
            return ""


class ReadersLanguageField(TranslatedField):
    """Declares a translated field (its column lives on the translation model) read through
    ReadersLanguageDescriptor."""

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        setattr(cls, name, ReadersLanguageDescriptor(self))


class MultilingualContent(TranslatableModel):
    """A model whose texts may be written in several languages, one of them its own."""

    class Meta:
        abstract = True

    def own_language(self) -> str:
        """The language its author wrote it in: what a reader of another language falls back to."""
        raise NotImplementedError

    def shown_language(self, language: str | None = None) -> str:
        """The language a reader of ``language`` (default: the active one) sees: theirs when the
        object has it, else the object's own, else any it has."""
        language = language or translation.get_language() or settings.LANGUAGE_CODE
        if self.has_translation(language):
            return language
        own = self.own_language()
        if own != language and self.has_translation(own):
            return own
        available = self.get_available_languages(include_unsaved=True)
        return available[0] if available else own

    def text_in(self, field: str, language: str) -> str:
        """``field`` exactly as written in ``language`` ("" when there is none): for editing."""
        if not self.has_translation(language):
            return ""
        return getattr(self.get_translation(language), field) or ""

    def languages_written(self) -> list[str]:
        """The languages it has texts in, in the order of settings.LANGUAGES."""
        available = set(self.get_available_languages(include_unsaved=True))
        return [code for code, _name in settings.LANGUAGES if code in available]


def texts_write(obj: MultilingualContent, *, language: str, **texts) -> None:
    """Sets ``texts`` (field -> text) in ``language`` on ``obj`` and saves that translation.

    ``obj`` must be saved already."""
    obj.set_current_language(language)
    translation_row = obj.get_translation(language) if obj.has_translation(language) else None
    if translation_row is None:
        obj.create_translation(language, **texts)
        return
    for field, text in texts.items():
        setattr(translation_row, field, text)
    obj.save_translation(translation_row)


def texts_merged(obj: MultilingualContent, *, texts: dict[str, dict[str, str]],
                 fields: tuple[str, ...]) -> dict[str, dict[str, str]]:
    """``texts`` (language -> field -> text) completed with what ``obj`` already has in each of
    those languages: what the object's texts will be, for checking before writing."""
    return {language: {**{f: obj.text_in(f, language) for f in fields}, **given}
            for language, given in texts.items()}


def texts_save(obj: MultilingualContent, *, texts: dict[str, dict[str, str]]) -> None:
    """Writes each language of ``texts`` (checked, e.g. by ``texts_merged`` and the object's
    rules), trimmed; a language other than the object's own left with no text at all is removed
    (its readers then read the own language)."""
    for language, fields in texts.items():
        fields = {f: (v or "").strip() for f, v in fields.items()}
        if language != obj.own_language() and not any(fields.values()):
            texts_delete(obj, language=language)
        else:
            texts_write(obj, language=language, **fields)


def texts_delete(obj: MultilingualContent, *, language: str) -> None:
    """Removes every text of ``obj`` in ``language`` (never its own language)."""
    if language != obj.own_language() and obj.has_translation(language):
        obj.delete_translation(language)
