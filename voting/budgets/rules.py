import rules

from voting.budgets.predicates import is_staff

rules.add_perm("budgets.change_budgetround", is_staff)
