"""The message catalogues (locale/<language>/LC_MESSAGES/django.po and djangojs.po): update them
from the sources, compile them, and list what is missing.

    python scripts/messages.py update   # new and changed strings into locale/ (make messages)
    python scripts/messages.py check    # every string translated, none fuzzy, formats intact

`check` runs makemessages on a temporary copy of the sources and of locale/ (makemessages writes
into the nearest locale/ folder it walks past, so it cannot be pointed elsewhere) and reads the
result with polib; msgfmt --check-format catches a translation that lost a %(name)s. It prints one
line per problem and exits 1 when there is any. Needs gettext (scripts/services.sh start fonts).
"""
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The folders holding our strings (Python, templates, scripts), and the catalogues themselves.
SOURCES = ["marketplace", "merchants", "vouchers", "search", "templates", "locale"]
DOMAINS = ["django", "djangojs"]
# gettext's names of settings.LANGUAGES other than the source language (en-gb), with what a new
# catalogue's header must say (gettext reads the plural rule from it: Chinese has one form).
LOCALES = {
    "zh_Hans": {"Language": "zh_Hans", "Plural-Forms": "nplurals=1; plural=0;"},
    "pt_PT": {"Language": "pt_PT", "Plural-Forms": "nplurals=2; plural=(n != 1);"},
}
# Not ours: the virtualenv (a real folder in the main checkout), the services' own environments,
# vendored scripts (marketplace/static/vendor).
IGNORED = [".venv", ".services", "node_modules", "vendor"]
# Ours but never shown to anyone: not in the catalogues.
NOT_SHOWN = ["tests", "benchmarks", "scripts", "docs"]


def _makemessages(cwd: Path, domain: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT),
           "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE",
                                                    "marketplace.settings.dev")}
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "--no-obsolete", "-v0", "-d", domain,
         *[arg for locale in LOCALES for arg in ("-l", locale)],
         *[arg for ignored in IGNORED + NOT_SHOWN for arg in ("--ignore", ignored)]],
        cwd=cwd, env=env, check=True)


def update() -> None:
    """New and changed strings into the committed catalogues (new ones untranslated, changed
    ones fuzzy), then compiled (.mo, which Django reads)."""
    import polib  # requirements-dev.txt: only the catalogues' upkeep reads them

    for domain in DOMAINS:
        _makemessages(ROOT, domain)
    for locale, header in LOCALES.items():
        for path in (ROOT / "locale" / locale / "LC_MESSAGES").glob("*.po"):
            catalogue = polib.pofile(str(path), wrapwidth=79)  # gettext's width: no re-wrapping churn
            wanted = {"Project-Id-Version": "Dealmarket", **header}
            if catalogue.metadata_is_fuzzy or any(catalogue.metadata.get(k) != v
                                                  for k, v in wanted.items()):
                # A new catalogue's header is xgettext's template (maybe "nplurals=INTEGER",
                # which gettext cannot read: every page in that language would fail).
                catalogue.metadata.update(wanted)
                catalogue.metadata_is_fuzzy = False
                catalogue.save()
    for path in sorted((ROOT / "locale").glob("*/LC_MESSAGES/*.po")):
        subprocess.run(["msgfmt", "--check-format", "-o", str(path.with_suffix(".mo")), str(path)],
                       check=True)


def problems() -> list[str]:
    """What the catalogues lack for the sources as they are: one line per problem."""
    import polib  # requirements-dev.txt: only the catalogues' upkeep reads them

    found = []
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp)
        for name in SOURCES:
            if (ROOT / name).exists():
                shutil.copytree(ROOT / name, copy / name,
                                ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        for domain in DOMAINS:
            _makemessages(copy, domain)
        for locale in LOCALES:
            for domain in DOMAINS:
                path = copy / "locale" / locale / "LC_MESSAGES" / f"{domain}.po"
                if not path.exists():
                    continue
                catalogue = polib.pofile(str(path))
                found += [f"{locale}/{domain}: untranslated {entry.msgid!r} "
                          f"({entry.occurrences[0][0] if entry.occurrences else '?'})"
                          for entry in catalogue.untranslated_entries()]
                found += [f"{locale}/{domain}: fuzzy {entry.msgid!r}"
                          for entry in catalogue.fuzzy_entries()]
                checked = subprocess.run(["msgfmt", "--check-format", "-o", os.devnull, str(path)],
                                         capture_output=True, text=True,
                                         env={**os.environ, "LC_ALL": "C"})
                if checked.returncode:
                    found.append(f"{locale}/{domain}: {checked.stderr.strip()}")
    return found


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else ""
    if command == "update":
        update()
        return 0
    if command == "check":
        listed = problems()
        print("\n".join(listed) or "Every message has its translations.")
        return 1 if listed else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
