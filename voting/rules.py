import rules

from voting.predicates import (
    is_accepting_agreements,
    is_open_below_threshold,
    is_proposal_author,
    is_staff,
    is_verified_voter,
)

rules.add_perm(
    "voting.add_vote",
    rules.is_authenticated
    & is_verified_voter
    & ~is_proposal_author
    & is_accepting_agreements,
)
rules.add_perm("voting.delete_vote", rules.is_authenticated & is_accepting_agreements)
rules.add_perm("voting.advance_proposal", is_staff & is_open_below_threshold)
rules.add_perm("voting.view_tally", rules.always_allow)
