"""The proposals part of a person's data export and account deletion."""

from proposals.models import Comment, Follow, Proposal


def _iso(value):
    return value.isoformat() if value else None


def export_proposals(user) -> list[dict]:
    return [
        {
            "id": proposal.pk,
            "title": proposal.title,
            "summary": proposal.summary,
            "problem": proposal.problem,
            "solution": proposal.solution,
            "benefit": proposal.benefit,
            "language": proposal.language,
            "category": proposal.category.slug,
            "district": proposal.district.code,
            "place_name": proposal.place_name,
            "latitude": str(proposal.latitude)
            if proposal.latitude is not None
            else None,
            "longitude": str(proposal.longitude)
            if proposal.longitude is not None
            else None,
            "stage": proposal.stage,
            "created_at": _iso(proposal.created_at),
            "published_at": _iso(proposal.published_at),
            "images": [
                {"file": image.image.name, "alt_text": image.alt_text}
                for image in proposal.images.all()
            ],
        }
        for proposal in Proposal.objects.filter(author=user)
        .select_related("category", "district")
        .prefetch_related("images")
        .order_by("created_at", "id")
    ]


def export_comments(user) -> list[dict]:
    return [
        {
            "id": comment.pk,
            "proposal": comment.proposal_id,
            "reply_to": comment.parent_id,
            "body": comment.body,
            "deleted": comment.is_deleted,
            "created_at": _iso(comment.created_at),
            "edited_at": _iso(comment.edited_at),
        }
        for comment in Comment.objects.filter(author=user).order_by("created_at", "id")
    ]


def export_follows(user) -> list[dict]:
    return [
        {"proposal": follow.proposal_id, "since": _iso(follow.created_at)}
        for follow in Follow.objects.filter(user=user).order_by("created_at", "id")
    ]


def delete_user_content(user) -> None:
    from proposals.services import user_content_anonymise

    user_content_anonymise(user)
