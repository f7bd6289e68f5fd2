"""Every image address a page, an API answer or an email names."""

from html.parser import HTMLParser
from typing import Any


class _ImageSources(HTMLParser):
    def __init__(self):
        super().__init__()
        self.sources: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in ("img", "source"):
            return
        attributes = dict(attrs)
        if attributes.get("src"):
            self.sources.append(attributes["src"])
        for candidate in (attributes.get("srcset") or "").split(","):
            if candidate.strip():
                self.sources.append(candidate.split()[0])


def image_sources(html: str) -> list[str]:
    """The src and srcset addresses of every <img> and <source>, in order, once each."""
    parser = _ImageSources()
    parser.feed(html)
    return list(dict.fromkeys(parser.sources))


def api_image_urls(data: Any) -> list[str]:
    """Every `url`/`thumbnail_url` of every `images` entry in an API answer."""
    found: list[str] = []
    if isinstance(data, dict):
        for image in data.get("images") or []:
            found += [image[key] for key in ("url", "thumbnail_url") if image.get(key)]
        for value in data.values():
            if isinstance(value, dict | list):
                found += api_image_urls(value)
    elif isinstance(data, list):
        for item in data:
            found += api_image_urls(item)
    return list(dict.fromkeys(found))


def email_image_sources(messages) -> list[str]:
    """The image addresses of the HTML part of each email."""
    found: list[str] = []
    for message in messages:
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                found += image_sources(content)
    return list(dict.fromkeys(found))
