from oasis.notifications import events


def test_proposal_events_are_registered():
    for name, group in [
        ("proposal.stage_changed", events.OWN_CONTENT),
        ("comment.created", events.OWN_CONTENT),
        ("comment.reply", events.OWN_CONTENT),
        ("moderation.outcome", events.ACCOUNT),
    ]:
        assert events.get(name).group == group
