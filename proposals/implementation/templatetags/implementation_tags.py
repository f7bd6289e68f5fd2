from django import template

from proposals.implementation import selectors
from proposals.implementation.forms import AssessmentForm

register = template.Library()


@register.inclusion_tag("implementation/tags/answer_area.html", takes_context=True)
def answer_area(context, proposal):
    """The published answer, due date, interim answer, progress, timeline and assessment
    of a proposal, for its public page (≤ 3 queries, see selectors.answer_area)."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    area = selectors.answer_area(proposal, user) if proposal is not None else None
    return {
        "area": area,
        "proposal": proposal,
        "request": request,
        "user": user,
        "csrf_token": context.get("csrf_token"),
        "assessment_form": AssessmentForm() if area and area.can_assess else None,
    }


@register.inclusion_tag("implementation/tags/recently_answered.html")
def recently_answered(limit: int = 5):
    """The latest published answers, for the home page (1 query)."""
    return {"decisions": selectors.recently_answered(limit)}


@register.filter
def storage_url(name):
    """The public URL of a stored file name (implementation photos)."""
    from django.core.files.storage import default_storage

    return default_storage.url(name) if name else ""


@register.filter
def assessment_role_label(value):
    """The public name of a rater's role: "Citizen who agreed" or "Review panel"."""
    from proposals.implementation.models import Assessment

    try:
        return Assessment.Role(value).label
    except ValueError:
        return ""
