from django import template

from oasis.opendata import selectors

register = template.Library()


@register.inclusion_tag("opendata/_key_figures.html")
def key_figures() -> dict:
    """The programme's headline numbers from the statistics snapshot (1 query); nothing
    before the first snapshot is computed."""
    return {"snapshot": selectors.stats_snapshot()}
