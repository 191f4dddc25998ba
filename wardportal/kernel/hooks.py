"""Registering session listeners and signal receivers once, from each capability's ``events.register``.

``create_app`` calls every capability's ``events.register`` in one visible place; apps are created many
times in one process (tests, scripts), so registering again must change nothing.
"""

from sqlalchemy import event


def listen(target, identifier: str, fn, **kwargs) -> None:
    """``sqlalchemy.event.listen`` unless ``fn`` already listens there."""
    if not event.contains(target, identifier, fn):
        event.listen(target, identifier, fn, **kwargs)


def receive(signal, fn) -> None:
    """Connect ``fn`` to a blinker signal for every sender, strongly referenced (connecting twice is one)."""
    signal.connect(fn, weak=False)


def gathered(signal, sender, **kwargs) -> dict:
    """Send ``signal`` and merge what its receivers return (dicts of template variables, say) into one dict."""
    merged: dict = {}
    for _receiver, returned in signal.send(sender, **kwargs):
        merged.update(returned or {})
    return merged
