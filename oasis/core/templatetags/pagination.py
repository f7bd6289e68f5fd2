"""The query strings of page links: the current query with one parameter changed."""

from django import template
from django.http import QueryDict

register = template.Library()


@register.simple_tag(takes_context=True)
def page_query(context, param, value):
    """?…: the current query string with `param` set to `value` (a page number or a
    keyset cursor), so filters and the other lists' pages are kept."""
    request = context.get("request")
    query = request.GET.copy() if request is not None else QueryDict(mutable=True)
    query[param] = value
    return f"?{query.urlencode()}"
