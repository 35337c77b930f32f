"""Every user-facing string has a real Kazakh and Russian translation.

The catalogues are regenerated from the source into a scratch copy, exactly as
`make translations` would, so a new string without a translation fails here.
"""

import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

PACKAGE = Path(settings.BASE_DIR)


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    if shutil.which("xgettext") is None:
        pytest.fail("GNU gettext is needed to check the translations (apt-get install gettext)")
    copy = tmp_path_factory.mktemp("catalogues") / "izdeu"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static"))
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(copy)
        patch.setattr(settings, "LOCALE_PATHS", [copy / "locale"])
        call_command("makemessages", locale=["kk", "ru"], no_location=True, no_obsolete=True, verbosity=0)
    return {lang: polib.pofile(str(copy / "locale" / lang / "LC_MESSAGES" / "django.po")) for lang in ("kk", "ru")}


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_every_string_is_translated(regenerated, language):
    catalogue = regenerated[language]
    missing = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not missing, f"{len(missing)} strings lack a {language} translation, e.g. {missing[:5]}"
    assert not fuzzy, f"{len(fuzzy)} {language} translations are marked fuzzy, e.g. {fuzzy[:5]}"


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_translations_keep_their_placeholders(regenerated, language):
    placeholder = re.compile(r"%\(\w+\)[sd]|\{\w*\}|%[sd]")
    for entry in regenerated[language].translated_entries():
        if entry.msgid_plural:
            continue
        assert sorted(placeholder.findall(entry.msgid)) == sorted(placeholder.findall(entry.msgstr)), entry.msgid


def test_kazakh_translations_use_kazakh_letters(regenerated):
    kazakh_letters = set("әғқңөұүі")  # һ appears only in a few loanwords
    texts = " ".join(entry.msgstr for entry in regenerated["kk"].translated_entries())
    assert kazakh_letters & set(texts.lower()) == kazakh_letters
