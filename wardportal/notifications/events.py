"""Notifications react to dossiers: every step the applicant is told about queues their e-mail and SMS."""

from wardportal.dossiers.signals import dossier_changed
from wardportal.kernel.hooks import receive
from wardportal.notifications.messages import notify_applicant


def tell_applicant(_sender, *, dossier, event) -> None:
    """Queue the messages in the step's own transaction (transactional outbox)."""
    notify_applicant(dossier, event)


def register(_app) -> None:
    receive(dossier_changed, tell_applicant)
