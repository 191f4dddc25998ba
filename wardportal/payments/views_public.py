"""The applicant's side: pay through the gateway, its callback, and the signed fee receipts."""

from flask import abort, current_app, flash, g, redirect, request, url_for
from flask_babel import gettext as _

from wardportal.dossiers import files as dossier_files, queries as dossier_queries
from wardportal.dossiers.second_factor import session_verified
from wardportal.kernel.database import writing
from wardportal.kernel.extensions import csrf, db, limiter
from wardportal.kernel.public_address import public_url
from wardportal.kernel.request_facts import client_address
from wardportal.kernel.times import now_utc
from wardportal.payments import gateway as gateways, ledger
from wardportal.payments.blueprint import bp
from wardportal.payments.fee_receipts import issue_fee_receipt
from wardportal.payments.models import FeePayment


def _verified_dossier(token: str):
    """The ward's dossier behind the token, for a session that passed its phone check; else 404."""
    dossier = dossier_queries.dossier_by_token(g.ward, token)
    if dossier is None or not session_verified(dossier):
        abort(404)
    return dossier


@bp.post("/<ward_slug>/ho-so/<token>/thanh-toan")
@limiter.limit("20 per hour")
def pay_online(token):
    """Send the verified applicant to the payment provider for what is still owed."""
    dossier = _verified_dossier(token)
    provider = gateways.configured_gateway(current_app.config)
    if provider is None:
        abort(404)
    return_url = public_url("payments.gateway_return")
    try:
        target = gateways.start_payment(provider, dossier, return_url)
    except ledger.PaymentRefused as refused:
        flash(str(refused.message))
        return redirect(url_for("track.dossier_page", token=token))
    return redirect(target, 303)


@bp.route("/thanh-toan/ket-qua", methods=["GET", "POST"])
@csrf.exempt  # the provider posts here; its HMAC signature, not a CSRF token, proves the origin
@limiter.limit("60 per minute")
def gateway_return():
    """The provider's signed callback: the browser's return (GET) or the server notification (POST)."""
    provider = gateways.configured_gateway(current_app.config)
    if provider is None:
        abort(404)
    params = request.values.to_dict()
    with writing():
        db.session.rollback()
        try:
            order = gateways.complete_payment(provider, params, client_address())
        except gateways.InvalidCallback:
            current_app.logger.warning("payment callback refused")
            if request.method == "POST":
                return {"ok": False}, 400
            abort(400)
    if request.method == "POST":
        return {"ok": True, "status": order.status}
    dossier = order.dossier
    if order.status == "paid":
        flash(_("Đã thanh toán thành công. Cảm ơn ông/bà."))
    elif order.status == "review":
        flash(_("Phường đã nhận khoản thanh toán nhưng hồ sơ không còn khoản phải nộp tương ứng; cán bộ sẽ "
                "kiểm tra và hoàn lại số tiền thừa."))
    else:
        flash(_("Thanh toán không thành công. Ông/bà có thể thử lại hoặc chuyển khoản theo mã VietQR."))
    return redirect(url_for("track.dossier_page", ward_slug=dossier.ward.slug, token=dossier.tracking_token,
                            _anchor="le-phi"))


@bp.get("/<ward_slug>/ho-so/<token>/bien-lai/<int:payment_id>")
def fee_receipt(token, payment_id):
    """The signed receipt of one payment (issued on first request, then always the stored copy)."""
    dossier = _verified_dossier(token)
    payment = db.session.get(FeePayment, payment_id)
    if payment is None or payment.dossier_id != dossier.id:
        abort(404)
    row = payment.receipt_file
    if row is None:
        with writing():
            db.session.rollback()
            row = issue_fee_receipt(db.session.get(FeePayment, payment_id), now_utc())
    return dossier_files.send_dossier_file(row)
