"""The desk's side: a dossier's fees and delivery, bank statements to reconcile, the ward's account."""

from flask import abort, current_app, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from wardportal.dossiers import queries
from wardportal.dossiers.status import DossierStatus, TransitionNotAllowed
from wardportal.dossiers.workflow import WorkflowError
from wardportal.kernel import file_storage
from wardportal.kernel.extensions import db
from wardportal.kernel.i18n import format_vnd
from wardportal.kernel.request_facts import client_address
from wardportal.kernel.times import now_utc, vietnam_today
from wardportal.payments import credits, delivery, ledger, statement_layouts, statements
from wardportal.payments.blueprint import bp
from wardportal.payments.forms import (AccountForm, CounterPaymentForm, DecisionForm, PostingForm, RequestFeesForm,
    StatementForm)
from wardportal.payments.models import BankStatement
from wardportal.payments.vietqr import InvalidPayment
from wardportal.staff.access import DESK_ROLES, current_staff, staff_required


def _dossier_or_404(dossier_id: int):
    dossier = queries.dossier_in_ward(g.ward, dossier_id)
    if dossier is None:
        abort(404)
    return dossier


def _layouts() -> dict:
    return current_app.config.get("BANK_STATEMENT_LAYOUTS") or statements.DEFAULT_LAYOUTS


def _layout_choices() -> list[SelectChoice]:
    return [SelectChoice(key, layout.get("label", key)) for key, layout in _layouts().items()]


def _dossier_page(dossier, forms: dict | None = None, status: int = 200):
    forms = forms or {}
    payment_form = forms.get("pay") or CounterPaymentForm(formdata=None, paid_on=vietnam_today())
    fee = ledger.fee_status(dossier)
    if "pay" not in forms and fee.outstanding:
        payment_form.amount.data = fee.outstanding
    request_form = forms.get("request") or RequestFeesForm(formdata=None)
    # Both forms have an "amount" field on one page: their ids must differ (the posted names stay "amount").
    request_form.amount.id = "request-amount"
    return render_template(
        "payments/dossier_fees.html", dossier=dossier, fee=fee, format_vnd=format_vnd,
        delivery_state=delivery.delivery_state(dossier), payment_form=payment_form,
        request_form=request_form,
        posting_form=forms.get("post") or PostingForm(formdata=None),
        can_request=dossier.status == DossierStatus.PROCESSING,
        can_post=dossier.status == DossierStatus.READY and dossier.delivery_method == "post",
        can_pay=DossierStatus(dossier.status) in ledger.PAYABLE), status


@bp.get("/<ward_slug>/can-bo/ho-so/<int:dossier_id>/le-phi")
@staff_required(*DESK_ROLES)
def dossier_fees(dossier_id):
    """A dossier's bill, payments and receipts, and how its result is delivered."""
    return _dossier_page(_dossier_or_404(dossier_id))


@bp.post("/<ward_slug>/can-bo/ho-so/<int:dossier_id>/le-phi/thu")
@staff_required(*DESK_ROLES)
def record_counter_payment(dossier_id):
    """Record a payment taken at the counter (cash) or confirmed by other means."""
    dossier = _dossier_or_404(dossier_id)
    form = CounterPaymentForm()
    if form.validate_on_submit():
        try:
            ledger.record_payment(dossier, amount=form.amount.data, method=form.method.data,
                                  paid_on=form.paid_on.data, reference=form.reference.data or "",
                                  actor=current_staff(), ip_address=client_address(), now=now_utc())
            flash(_("Đã ghi nhận khoản nộp %(amount)s.", amount=format_vnd(form.amount.data)))
            return redirect(url_for("payments.dossier_fees", dossier_id=dossier.id))
        except (ledger.PaymentRefused, TransitionNotAllowed, WorkflowError) as refused:
            db.session.rollback()
            form.amount.errors.append(str(getattr(refused, "message", refused)))
    return _dossier_page(_dossier_or_404(dossier_id), {"pay": form}, 400)


@bp.post("/<ward_slug>/can-bo/ho-so/<int:dossier_id>/le-phi/yeu-cau")
@staff_required(*DESK_ROLES)
def request_fees(dossier_id):
    """Ask the applicant to pay (status 6) the schedule's or the stated amount."""
    dossier = _dossier_or_404(dossier_id)
    form = RequestFeesForm()
    if form.validate_on_submit():
        try:
            ledger.request_fees(dossier, current_staff(), amount=form.amount.data, note=form.note.data or "",
                                ip_address=client_address(), now=now_utc())
            flash(_("Đã yêu cầu người nộp thực hiện nghĩa vụ tài chính."))
            return redirect(url_for("payments.dossier_fees", dossier_id=dossier.id))
        except (ledger.PaymentRefused, TransitionNotAllowed, WorkflowError) as refused:
            db.session.rollback()
            form.amount.errors.append(str(getattr(refused, "message", refused)))
    return _dossier_page(_dossier_or_404(dossier_id), {"request": form}, 400)


@bp.post("/<ward_slug>/can-bo/ho-so/<int:dossier_id>/gui-buu-dien")
@staff_required(*DESK_ROLES)
def record_posting(dossier_id):
    """The result went out by post: keep the tracking number, the dossier is returned."""
    dossier = _dossier_or_404(dossier_id)
    form = PostingForm()
    if form.validate_on_submit():
        try:
            delivery.record_posting(dossier, current_staff(), tracking_number=form.tracking_number.data,
                                    ip_address=client_address(), now=now_utc())
            flash(_("Đã ghi nhận gửi kết quả qua bưu điện."))
            return redirect(url_for("payments.dossier_fees", dossier_id=dossier.id))
        except (delivery.DeliveryRefused, TransitionNotAllowed, WorkflowError) as refused:
            db.session.rollback()
            form.tracking_number.errors.append(str(getattr(refused, "message", refused)))
    return _dossier_page(_dossier_or_404(dossier_id), {"post": form}, 400)


# ---------------------------------------------------------------- reconciliation


def _reconcile_page(form=None, decision_forms=None, status=200):
    form = form or StatementForm(formdata=None)
    form.layout.choices = _layout_choices()
    waiting = credits.waiting(g.ward)
    decision_forms = decision_forms or {}
    recent = list(db.session.scalars(db.select(BankStatement).where(BankStatement.ward_id == g.ward.id)
                                     .order_by(BankStatement.id.desc()).limit(10)))
    return render_template("payments/reconcile.html", form=form, credits=waiting, recent=recent,
                           format_vnd=format_vnd, account=ledger.payment_account(g.ward),
                           layouts=[_layout_guide(key, layout) for key, layout in _layouts().items()],
                           decision_forms={credit.id: decision_forms.get(credit.id) or DecisionForm(
                               formdata=None, prefix=f"credit{credit.id}") for credit in waiting}), status


@bp.get("/<ward_slug>/can-bo/le-phi/")
@staff_required(*DESK_ROLES)
def reconcile():
    """Import a bank statement; decide on the credits the matching did not apply."""
    return _reconcile_page()


def _layout_guide(key: str, layout: dict) -> dict:
    """What the reconciliation page says about one layout: its headings, number and date forms."""
    return {"key": key, "label": layout.get("label", key), "headings": statement_layouts.headings(layout),
            "delimiter": layout.get("delimiter", ","), "number": statement_layouts.number_example(layout),
            "date": statement_layouts.date_example(layout)}


@bp.get("/<ward_slug>/can-bo/le-phi/mau-sao-ke/<key>.csv")
@staff_required(*DESK_ROLES)
def sample_statement(key):
    """A sample statement in one layout, generated from the layout the importer reads."""
    layout = _layouts().get(key)
    if layout is None:
        abort(404)
    example_code = f"{g.ward.unit_code}-{statement_layouts.SAMPLE_DAY:%y%m%d}-0001"
    return file_storage.send_bytes(statement_layouts.sample_statement(layout, example_code), "text/csv",
                                   f"sao-ke-mau-{key}.csv")


@bp.post("/<ward_slug>/can-bo/le-phi/sao-ke")
@staff_required(*DESK_ROLES)
def import_statement():
    """Read a statement and apply its exact matches."""
    form = StatementForm()
    form.layout.choices = _layout_choices()
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.stream.read(statements.MAX_STATEMENT_BYTES + 1)
        try:
            statement = statements.import_statement(g.ward, upload.filename or "", data, form.layout.data,
                                                    _layouts(), actor=current_staff(),
                                                    ip_address=client_address(), now=now_utc())
        except statements.StatementError as refused:
            db.session.rollback()
            form.file.errors.append(str(refused.message))
        else:
            s = statement.summary
            flash(_("Đã đọc %(lines)d khoản thu: %(applied)d tự động ghi nhận, %(review)d cần xem xét, "
                    "%(old)d đã nhập trước đây.", lines=s["lines"], applied=s["applied"], review=s["review"],
                    old=s["already_imported"]))
            return redirect(url_for("payments.reconcile"))
    return _reconcile_page(form, status=400)


@bp.post("/<ward_slug>/can-bo/le-phi/khoan-thu/<int:credit_id>")
@staff_required(*DESK_ROLES)
def decide_credit(credit_id):
    """An officer's decision on one credit in the review list: apply, refund or reject."""
    form = DecisionForm(prefix=f"credit{credit_id}")
    if form.validate_on_submit():
        try:
            credits.decide(g.ward, credit_id, form.decision.data, actor=current_staff(),
                           ip_address=client_address(), note=form.note.data,
                           dossier_code=form.dossier_code.data or "",
                           refund_reference=form.refund_reference.data or "", now=now_utc())
            flash(_("Đã ghi nhận quyết định."))
            return redirect(url_for("payments.reconcile"))
        except (ledger.PaymentRefused, TransitionNotAllowed, WorkflowError) as refused:
            db.session.rollback()
            target = form.refund_reference if form.decision.data == "refund" else form.note
            target.errors.append(str(getattr(refused, "message", refused)))
    return _reconcile_page(decision_forms={credit_id: form}, status=400)


@bp.route("/<ward_slug>/can-bo/le-phi/tai-khoan", methods=["GET", "POST"])
@staff_required("admin")
def account():
    """The ward's treasury account for VietQR, and the postage for results sent by post."""
    current = ledger.payment_account(g.ward)
    form = AccountForm(obj=current) if current is not None else AccountForm()
    if form.validate_on_submit():
        try:
            ledger.save_payment_account(g.ward, bank_bin=form.bank_bin.data, bank_name=form.bank_name.data,
                                        account_number=form.account_number.data,
                                        account_name=form.account_name.data, postage=form.postage.data or 0,
                                        actor=current_staff(), ip_address=client_address(), now=now_utc())
            flash(_("Đã lưu tài khoản nhận phí."))
            return redirect(url_for("payments.account"))
        except InvalidPayment:
            db.session.rollback()
            form.account_number.errors.append(_("Thông tin tài khoản không hợp lệ."))
    return render_template("payments/account.html", form=form), (400 if form.errors else 200)
