import rules

from proposals.predicates import (
    is_author,
    is_comment_author,
    is_comment_live,
    is_discussable,
    is_draft,
    is_editable,
    is_own_content,
    is_public,
    is_staff,
    is_withdrawable,
    is_within_edit_window,
)

rules.add_perm("proposals.view_proposal", is_public | is_author | is_staff)
rules.add_perm("proposals.add_proposal", rules.is_authenticated & rules.is_active)
rules.add_perm("proposals.change_proposal", is_author & is_editable)
rules.add_perm("proposals.publish_proposal", is_author & is_draft)
rules.add_perm("proposals.withdraw_proposal", is_author & is_withdrawable)
rules.add_perm("proposals.change_stage", is_staff)
rules.add_perm("proposals.follow_proposal", rules.is_authenticated & is_public)
rules.add_perm(
    "proposals.report_proposal",
    rules.is_authenticated & is_public & ~is_own_content,
)
rules.add_perm("proposals.add_comment", rules.is_authenticated & is_discussable)
rules.add_perm(
    "proposals.change_comment",
    is_comment_author & is_comment_live & is_within_edit_window,
)
rules.add_perm("proposals.delete_comment", is_comment_author & is_comment_live)
rules.add_perm(
    "proposals.mark_helpful_comment",
    rules.is_authenticated & is_comment_live & ~is_comment_author,
)
rules.add_perm(
    "proposals.report_comment",
    rules.is_authenticated & is_comment_live & ~is_comment_author,
)
rules.add_perm("proposals.moderate", is_staff)
