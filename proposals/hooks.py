"""Where other apps join the idea form's flow without the proposals app knowing them:
a channel (the kiosk hand-off) registers a callback from its AppConfig.ready()."""

from collections.abc import Callable

from django.http import HttpRequest

SubmittedCallback = Callable[..., None]

_submitted: list[SubmittedCallback] = []


def on_proposal_submitted(callback: SubmittedCallback) -> SubmittedCallback:
    """Call `callback(request, published=…)` after the idea form saved an idea."""
    if callback not in _submitted:
        _submitted.append(callback)
    return callback


def proposal_submitted(request: HttpRequest, *, published: bool) -> None:
    for callback in _submitted:
        callback(request, published=published)
