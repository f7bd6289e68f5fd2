import rules

from oasis.staff.predicates import is_staff

rules.add_perm("staff.view_dashboard", is_staff)
rules.add_perm("staff.view_auditevent", is_staff)
