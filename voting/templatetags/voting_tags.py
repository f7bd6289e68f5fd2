from django import template

from voting import selectors

register = template.Library()


@register.inclusion_tag("voting/_agreement.html", takes_context=True)
def agreement_area(context, proposal):
    """The agreement area of a proposal page, self-sufficient: it reads what it needs
    (the visitor's vote, their verification, the chart) through voting.selectors."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    area = (
        selectors.agreement_area(proposal=proposal, user=user)
        if proposal.stage != "draft"
        else None
    )
    return {
        "area": area,
        "proposal": proposal,
        "request": request,
        "user": user,
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def agreement_percent(proposal) -> int:
    """Progress toward the threshold, 0–100."""
    return selectors.progress_percent(proposal)
