from django.utils.translation import gettext, override


def translated(message: str, language: str) -> str:
    """The text a page shows in `language` (the Korean catalogue may still be pending)."""
    with override(language):
        return gettext(message)
