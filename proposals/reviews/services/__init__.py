"""Every write of stakeholder review, one module per use case; import from the module.

Stage changes of proposals go through proposals.services.proposal_transition(); audit
entries and notification events share the transaction of the change they record.
"""
