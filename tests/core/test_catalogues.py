"""Both catalogues are complete: every message has a translation and none is fuzzy."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

LOCALE = Path(settings.BASE_DIR) / "locale"


def po_entries(path: Path):
    """Yield (flags, msgid, translations) for each entry of a .po file."""
    entry, key, flags = {}, None, set()
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            if entry.get("msgid"):
                translations = [v for k, v in entry.items() if k.startswith("msgstr")]
                yield flags, entry["msgid"], translations
            entry, key, flags = {}, None, set()
        elif line.startswith("#,"):
            flags = {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[key] += ast.literal_eval(line)
        else:
            key, _, value = line.partition(" ")
            entry[key] = ast.literal_eval(value)


@pytest.mark.parametrize("language", ["ko", "en"])
def test_every_message_is_translated(language):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    missing = [
        msgid
        for flags, msgid, translations in po_entries(po)
        if "fuzzy" in flags or not all(translations)
    ]
    assert missing == []


def test_interface_strings_come_out_in_korean():
    with translation.override("ko"):
        assert translation.gettext("Skip to main content") == "본문 바로가기"
    with translation.override("en"):
        assert translation.gettext("Skip to main content") == "Skip to main content"
