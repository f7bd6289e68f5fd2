import rules

from proposals.reviews.predicates import (
    has_conflict,
    is_assignment_reviewer,
    is_reviewer,
    is_round_open,
    is_round_started,
    is_staff,
    is_submitted,
    is_void,
)

# A reviewer's own assignment, never once they declared a conflict with the proposal.
can_view_assignment = (
    is_assignment_reviewer & is_round_started & ~is_void & ~has_conflict
)

rules.add_perm("reviews.view_assignment", can_view_assignment)
rules.add_perm(
    "reviews.score_assignment", can_view_assignment & is_round_open & ~is_submitted
)
rules.add_perm("reviews.view_other_scores", can_view_assignment & is_submitted)
rules.add_perm("reviews.declare_conflict", is_assignment_reviewer & ~is_void)
rules.add_perm("reviews.manage_round", is_staff)
rules.add_perm("reviews.view_dashboard", is_reviewer | is_staff)
