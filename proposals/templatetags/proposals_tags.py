import functools
import re

import rules
from django import template
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.utils.html import format_html

from oasis.core.colours import WHITE, is_hex_colour, readable_text_colour
from proposals import selectors
from proposals.models import Category

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, permission: str, obj=None) -> bool:
    """{% can "proposals.change_comment" comment as allowed %}: the rule, as views check it."""
    user = context.get("user") or context.get("request").user
    return rules.has_perm(permission, user, obj)


@register.simple_tag
def home_proposals() -> dict:
    """Trending and newest ideas for the home page: two indexed queries."""
    return {
        "trending": selectors.proposal_trending(),
        "newest": selectors.proposal_newest(),
    }


@register.filter
def percent_of(count, threshold) -> int:
    """How far `count` is towards `threshold`, 0–100."""
    try:
        count, threshold = int(count or 0), int(threshold or 0)
    except (TypeError, ValueError):
        return 0
    if threshold <= 0:
        return 0
    return min(100, round(100 * count / threshold))


@register.filter
def in_language_of(text, proposal) -> str:
    """`text` of the proposal marked with the language it was written in (WCAG 3.1.2),
    for a title quoted inside a translated sentence:
    {% blocktranslate with title=proposal.title|in_language_of:proposal %}."""
    return format_html('<span lang="{}">{}</span>', proposal.language, text)


ICON_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@functools.lru_cache(maxsize=256)
def category_icon_url(name: str) -> str:
    """The URL of static/img/icons/<name>.svg, or "" if there is no such icon."""
    name = name.removesuffix(".svg")
    if not ICON_NAME.match(name):
        return ""
    path = f"img/icons/{name}.svg"
    return static(path) if finders.find(path) else ""


@register.filter
def category_icon(category) -> str:
    """The URL of the category's icon, or "" (for screens that draw it their own way)."""
    return category_icon_url(category.icon) if category else ""


@register.inclusion_tag("proposals/includes/category_chip.html")
def category_chip(category) -> dict:
    """The category's name on its colour, with its icon; both decorative, the name
    carries the meaning. The text is black or white, whichever is readable on it."""
    colour = category.colour
    if not is_hex_colour(colour):
        colour = Category._meta.get_field("colour").default
    return {
        "name": category.name,
        "colour": colour,
        "text": "white" if readable_text_colour(colour) == WHITE else "black",
        "icon_url": category_icon_url(category.icon),
    }


@register.filter
def highlight(text: str, query: str):
    """`text` escaped, with the words of the search `query` marked (<mark>)."""
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    from proposals import analysis

    text = str(text or "")
    forms = analysis.highlight_forms(query or "")
    if not forms:
        return escape(text)
    pattern = re.compile("|".join(re.escape(form) for form in forms), re.IGNORECASE)
    parts: list[str] = []
    last = 0
    for match in pattern.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece is escaped above
