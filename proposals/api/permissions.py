import rules
from rest_framework.permissions import SAFE_METHODS, BasePermission


class ProposalRules(BasePermission):
    """Maps the request method to the rule of proposals/rules.py (adhocracy4's pattern)."""

    method_rules = {"POST": "proposals.add_proposal"}

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        rule = self.method_rules.get(request.method)
        return rule is not None and rules.has_perm(rule, request.user)

    def has_object_permission(self, request, view, obj):
        if request.method in SAFE_METHODS:
            return rules.has_perm("proposals.view_proposal", request.user, obj)
        return False
