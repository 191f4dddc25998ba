"""Payments react to dossiers: a new online dossier gets its bill and the applicant's delivery choice."""

from wardportal.dossiers.signals import dossier_submitted
from wardportal.kernel.hooks import receive
from wardportal.payments import delivery, ledger


def attach_bill_and_delivery(_sender, *, dossier, procedure, answers) -> None:
    """The fees the applicant's answers make due, and how the result goes back (same transaction)."""
    ledger.attach_bill(dossier, procedure, answers)
    delivery.attach_delivery(dossier, answers["delivery_method"], answers.get("postal_address", ""))


def register(_app) -> None:
    receive(dossier_submitted, attach_bill_and_delivery)
