"""Who may manage budget rounds; who may vote is the services' rule (the same
verification as agreements, plus the round's eligibility)."""

import rules

is_staff = rules.is_staff
