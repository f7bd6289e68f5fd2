"""Round results as CSV rows: the staff version (per review, raw and normalised, with the
reviewers) and the public version (per proposal, without reviewer identities). In blind
rounds neither names the authors of the proposals. The CSV writer (oasis.core.csv)
makes each cell safe."""

from collections.abc import Iterator

from proposals.lifecycle import is_publicly_visible
from proposals.reviews.models import StakeholderGroup
from proposals.reviews.selectors import RoundResults


def staff_rows(results: RoundResults) -> Iterator[list]:
    review_round = results.round
    show_author = not review_round.is_blind
    criteria = results.criteria
    outcome = {row.entry.proposal_id: row for row in results.rows}
    header = ["round", "proposal_id", "proposal_title"]
    if show_author:
        header.append("proposal_author")
    header += ["reviewer_id", "reviewer", "stakeholder_group"]
    header += [f"score_{c.key}" for c in criteria]
    header += [
        "weighted_raw",
        "weighted_normalised",
        "reviewer_reviews",
        "reviewer_normalised",
        "comment_to_staff",
        "public_remark",
        "submitted_at",
        "proposal_rank",
        "proposal_raw_total",
        "proposal_normalised_total",
        "decision",
    ]
    yield header
    for assignment in results.assignments:
        scores = {s.criterion_id: s.value for s in assignment.scores.all()}
        raw, normalised = results.result.reviews.get(
            (assignment.reviewer_id, assignment.proposal_id), (None, None)
        )
        stats = results.result.reviewers.get(assignment.reviewer_id)
        proposal_result = results.result.proposals.get(assignment.proposal_id)
        row = outcome.get(assignment.proposal_id)
        line = [review_round.name, assignment.proposal_id, assignment.proposal.title]
        if show_author:
            line.append(assignment.proposal.author.public_name)
        line += [
            assignment.reviewer_id,
            results.reviewer_names.get(assignment.reviewer_id, ""),
            assignment.group,
        ]
        line += [scores.get(c.pk) for c in criteria]
        line += [
            raw,
            normalised,
            stats.count if stats else 0,
            "yes" if stats and stats.normalised else "no",
            assignment.comment_to_staff,
            assignment.public_remark,
            assignment.submitted_at.isoformat() if assignment.submitted_at else "",
            proposal_result.rank if proposal_result else "",
            proposal_result.raw_total if proposal_result else None,
            proposal_result.normalised_total if proposal_result else None,
            row.decision.outcome if row and row.decision else "",
        ]
        yield line


def public_rows(results: RoundResults) -> Iterator[list]:
    criteria = results.criteria
    groups = [value for value, _label in StakeholderGroup.choices]
    header = ["rank", "proposal_id", "proposal_title", "reviews", "stakeholder_groups"]
    header += ["raw_total", "normalised_total"]
    header += [f"group_{g}_normalised" for g in groups]
    header += [f"mean_{c.key}" for c in criteria]
    header += ["decision", "budget_krw"]
    yield header
    for row in results.rows:
        if not is_publicly_visible(row.entry.proposal):
            continue
        result = row.result
        published = row.decision if row.decision and row.decision.published_at else None
        line = [
            result.rank if result else "",
            row.entry.proposal_id,
            row.entry.proposal.title,
            result.review_count if result else 0,
            " ".join(result.groups) if result else "",
            result.raw_total if result else None,
            result.normalised_total if result else None,
        ]
        line += [result.group_normalised.get(g) if result else None for g in groups]
        line += [
            result.criterion_means.get(c.key) if result else None for c in criteria
        ]
        line += [
            published.outcome if published else "",
            published.budget if published else None,
        ]
        yield line
