import rules
from django import template

from proposals import selectors

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
