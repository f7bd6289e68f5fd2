"""The language a screen reader would use for a piece of text in a page's body: the
`lang` of its nearest element that has one (WCAG 3.1.1 and 3.1.2)."""

from html.parser import HTMLParser

from proposals.models import Proposal

# (language of the page, language the idea is written in)
MIXED = [("ko", "en"), ("en", "ko")]


def visit(client, url: str, page_language: str) -> str:
    """The page at `url` in `page_language` (chosen by the language cookie)."""
    client.cookies["django_language"] = page_language
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{page_language}"' in html
    return html


def written_in(idea: Proposal, language: str) -> Proposal:
    """`idea`, now written in `language`."""
    Proposal.objects.filter(pk=idea.pk).update(language=language)
    idea.refresh_from_db()
    return idea


VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


class _LanguageFinder(HTMLParser):
    def __init__(self, text: str):
        super().__init__()
        self.text = text
        self.open: list[tuple[str, str | None]] = []
        self.found: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.open.append((tag, dict(attrs).get("lang")))

    def handle_endtag(self, tag):
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                del self.open[index:]
                return

    def handle_data(self, data):
        in_body = any(tag == "body" for tag, _lang in self.open)
        if in_body and self.text in data:
            self.found.append(
                next((lang for _tag, lang in reversed(self.open) if lang), None)
            )


def languages_of(html: str, text: str) -> list[str | None]:
    """The language of each place in the body where `text` appears (a title may appear
    more than once). Fails if it appears nowhere."""
    finder = _LanguageFinder(text)
    finder.feed(html)
    finder.close()
    assert finder.found, f"{text!r} is not on the page"
    return finder.found
