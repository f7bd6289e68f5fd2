import rules

from proposals.implementation.predicates import (
    has_agreed,
    has_assessed,
    is_in_assessment,
    is_on_panel,
    is_staff,
)

# Staff publish interim answers and report progress, which changes the public track.
rules.add_perm("implementation.change_proposaltrack", is_staff)
rules.add_perm(
    "implementation.add_assessment",
    is_in_assessment & (has_agreed | is_on_panel) & ~has_assessed,
)
