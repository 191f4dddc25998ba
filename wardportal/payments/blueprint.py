"""The payments area's blueprint; its views register themselves on it."""

from flask import Blueprint
from wardportal.payments.vietqr import payload_for, qr_svg

bp = Blueprint("payments", __name__)


@bp.record_once
def _set_up(state) -> None:
    """VietQR codes in any template (the apply and tracking pages show them too)."""
    state.app.add_template_global(lambda transfer: qr_svg(payload_for(transfer)), "vietqr_svg")
