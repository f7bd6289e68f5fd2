from django import template
from django.contrib.humanize.templatetags.humanize import intcomma

register = template.Library()


@register.filter
def lookup(mapping, key):
    """{{ scores|lookup:criterion.pk }}"""
    if not mapping:
        return None
    return mapping.get(key)


@register.filter
def krw(value):
    """A sum in won, e.g. 12,000,000원 / KRW 12,000,000 (the template adds the unit)."""
    if value is None or value == "":
        return ""
    return intcomma(int(value))


@register.filter
def two_decimals(value):
    if value is None or value == "":
        return "–"
    return f"{float(value):.2f}"


@register.filter
def descriptor(criterion, value):
    """{{ criterion|descriptor:3 }}: the anchor text of a score."""
    try:
        return criterion.descriptor(int(value))
    except (TypeError, ValueError):
        return ""


@register.filter
def group_label(value):
    """The translated name of a stakeholder group code."""
    from proposals.reviews.models import StakeholderGroup

    try:
        return StakeholderGroup(value).label
    except ValueError:
        return value
