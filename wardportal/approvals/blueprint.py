"""Approval of results by the ward's leaders: drafts, the leader's personal signature (PKCS#11 token or a
PKCS#12 given per signing), the ward's seal, and citizens' own signatures on their uploads."""

from flask import Blueprint

bp = Blueprint("approvals", __name__)


@bp.record_once
def _set_up(state) -> None:
    """The desk's dossier page shows the approval panel and the signature checks through these globals."""
    from wardportal.approvals.views_desk import approval_panel, signature_note

    state.app.add_template_global(approval_panel, "approval_panel")
    state.app.add_template_global(signature_note, "signature_note")


from wardportal.approvals import citizen_signatures, views_desk, views_leader, views_settings  # noqa: E402,F401  (register on bp)
