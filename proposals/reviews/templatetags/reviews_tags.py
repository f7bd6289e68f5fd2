from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.http import QueryDict

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


@register.simple_tag(takes_context=True)
def page_query(context, param, number):
    """?…: the current query string with `param` set to page `number` (for pages that
    paginate more than one list)."""
    request = context.get("request")
    query = request.GET.copy() if request is not None else QueryDict(mutable=True)
    query[param] = number
    return f"?{query.urlencode()}"


@register.filter
def group_label(value):
    """The translated name of a stakeholder group code."""
    from proposals.reviews.models import StakeholderGroup

    try:
        return StakeholderGroup(value).label
    except ValueError:
        return value
