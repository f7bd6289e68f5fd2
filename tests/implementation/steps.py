"""Steps the implementation tests share."""

from proposals.implementation.services import implementation_update_post
from proposals.lifecycle import NEXT_IMPLEMENTATION_STAGE


def walk_to(idea, stage, actor) -> None:
    """Report progress on a selected `idea` until it reaches `stage`, one stage a time;
    each update says "Now <stage>"."""
    while idea.stage != stage:
        following = NEXT_IMPLEMENTATION_STAGE[idea.stage]
        implementation_update_post(
            proposal=idea,
            actor=actor,
            text=f"Now {following}",
            progress=50,
            move_to=following,
        )
