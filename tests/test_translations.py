"""Every string a person reads is translated into each language we offer, and kept so: a new
string without its Chinese and Portuguese translations fails here (scripts/messages.py check runs
makemessages on a copy of the sources and lists untranslated, fuzzy and broken entries)."""
import importlib.util
from pathlib import Path

import polib
from django.conf import settings
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent


def _messages_script():
    spec = importlib.util.spec_from_file_location("messages_script", ROOT / "scripts" / "messages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_message_is_translated_into_every_language_with_its_placeholders():
    assert _messages_script().problems() == []


def test_the_compiled_catalogues_match_their_sources():
    for path in [*(ROOT / "locale").glob("*/LC_MESSAGES/*.po"),
                 *(ROOT / "locale_extra").glob("*/LC_MESSAGES/*.po")]:
        compiled = polib.mofile(str(path.with_suffix(".mo")))
        source = polib.pofile(str(path))
        assert {e.msgid: e.msgstr for e in compiled if not e.msgid_plural and not e.msgctxt} == {
            e.msgid: e.msgstr for e in source.translated_entries() if not e.msgid_plural
            and not e.msgctxt}, f"{path}: run `make messages` to compile it"


def test_oscars_strings_missing_from_its_chinese_catalogue_are_ours():
    with translation.override("zh-hans"):
        assert translation.gettext("Radio") != "Radio"


def test_a_page_string_reads_in_each_language():
    said = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            said[code] = str(translation.gettext("Your order"))
    assert said["en-gb"] == "Your order"
    assert said["zh-hans"] != said["en-gb"] and said["pt-pt"] != said["en-gb"]
