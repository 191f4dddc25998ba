"""Tracking pages: look a dossier up by code, open it by the receipt's QR link, supplement it, rate it.

Codes are a daily sequence, so the code alone shows only the status. Everything personal needs the last
four digits of the phone number the applicant gave; a correct answer is remembered in the session for that
dossier only. Attempts are rate-limited per address; wrong phone digits are counted per dossier in the
database (`phone_check`), for both routes together, and lock the detail view after a few.
"""

from datetime import date

from flask import abort, current_app, g, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext as _
from markupsafe import Markup

from wardportal.dossiers import (deadlines, declaration, files as dossier_files, queries as dossier_queries,
    receipts, workflow)
from wardportal.dossiers.models import Dossier
from wardportal.dossiers.second_factor import remember_dossier, session_verified
from wardportal.dossiers.status import DossierStatus, TransitionNotAllowed
from wardportal.dossiers.workflow import WorkflowError
from wardportal.kernel import file_storage
from wardportal.kernel.database import writing
from wardportal.kernel.extensions import db, limiter
from wardportal.kernel.request_facts import client_address
from wardportal.kernel.text_input import cleaned_args
from wardportal.kernel.times import in_vietnam, now_utc
from wardportal.payments import delivery, gateway, ledger
from wardportal.track import unlock_codes
from wardportal.track.blueprint import bp
from wardportal.track.forms import (LookupForm, RatingForm, SupplementForm, UnlockCodeForm, UnlockRequestForm,
    VerifyForm)
from wardportal.track.phone_check import Outcome, check_phone, rules_from_config

HIDDEN_ACTIONS = {workflow.ASSIGN}


def _address_limit() -> str:
    return current_app.config.get("TRACK_LIMIT_PER_ADDRESS", "30 per minute;300 per day")


@bp.errorhandler(429)
def too_many_attempts(_error):
    """Rate limit reached: say so plainly, without telling which limit."""
    return render_template("track/too_many.html"), 429


def _phone_check(dossier: Dossier, suffix: str):
    """Run the database-counted phone check for this request (its address, the time now)."""
    return check_phone(dossier, suffix, rules=rules_from_config(current_app.config),
                       now=now_utc(), ip_address=client_address())


def _locked_page(dossier: Dossier, until):
    """The detail view is locked after too many wrong digits: say until when (Vietnamese time), 429, and
    offer the applicant a one-time code to lift it."""
    return render_template("track/too_many.html", locked_until=vn_datetime(until),
                           request_form=UnlockRequestForm(formdata=None, dossier_code=dossier.code),
                           code_form=UnlockCodeForm(formdata=None, dossier_code=dossier.code)), 429


def _wrong_digits_message(result) -> str:
    """What a wrong answer says; the answer that locked the dossier says so."""
    if result.just_locked:
        return _("Bốn chữ số cuối không khớp. Đã nhập sai quá nhiều lần: trang chi tiết hồ sơ tạm khóa đến "
                 "%(until)s và người nộp hồ sơ đã được thông báo.", until=vn_datetime(result.locked_until))
    return _("Bốn chữ số cuối không khớp với số điện thoại đã khai.")


@bp.app_template_filter("vn_datetime")
def vn_datetime(moment) -> str:
    """A stored moment as Vietnamese local time, 23/11/2026 09:05."""
    if moment is None:
        return ""
    return in_vietnam(moment).strftime("%d/%m/%Y %H:%M")


@bp.app_template_global("status_label")
def status_label(code: int) -> str:
    """A national status code in the reader's language."""
    status = DossierStatus(code)
    return status.label_en if str(get_locale()) == "en" else status.label_vi


@bp.app_template_filter("nowrap_code")
def nowrap_code(code: str) -> Markup:
    """A dossier code that never breaks across lines, inside a sentence."""
    return Markup('<span class="nowrap">{}</span>').format(code)


@bp.app_template_filter("iso_date")
def iso_date(value: str):
    """A date kept as text in an event's details."""
    return date.fromisoformat(value) if value else None


@bp.route("/<ward_slug>/tra-cuu", methods=["GET", "POST"])
@limiter.limit(_address_limit, methods=["POST"])
def lookup():
    """Look a dossier up by its code; with the phone digits, open it in full."""
    form = LookupForm()
    dossier = None
    if form.validate_on_submit():
        dossier = dossier_queries.dossier_by_code(g.ward, form.code.data)
        if dossier is None:
            form.code.errors.append(_("Không tìm thấy hồ sơ có mã này. Kiểm tra lại mã trên phiếu tiếp nhận."))
        elif form.phone_suffix.data:
            result = _phone_check(dossier, form.phone_suffix.data)
            if result.outcome is Outcome.LOCKED:
                return _locked_page(dossier, result.locked_until)
            if result.outcome is Outcome.MATCH:
                remember_dossier(dossier)
                return redirect(url_for("track.dossier_page", token=dossier.tracking_token))
            form.phone_suffix.errors.append(_wrong_digits_message(result) if result.just_locked else _(
                "Bốn chữ số cuối không khớp với số điện thoại đã khai. Hiện chỉ xem được tình trạng hồ sơ."))
    return render_template("track/lookup.html", form=form, dossier=dossier if not form.code.errors else None,
                           last_event_at=_last_update(dossier) if dossier else None)


@bp.route("/<ward_slug>/ho-so/<token>", methods=["GET", "POST"])
@limiter.limit(_address_limit)
def dossier_page(token):
    """The receipt's QR link: the status for anyone, the whole dossier after the phone check."""
    dossier = _dossier_or_404(token)
    form = VerifyForm()
    if request.method == "POST" and form.validate_on_submit():
        result = _phone_check(dossier, form.phone_suffix.data)
        if result.outcome is Outcome.LOCKED:
            return _locked_page(dossier, result.locked_until)
        if result.outcome is Outcome.MATCH:
            remember_dossier(dossier)
            return redirect(url_for("track.dossier_page", token=token))
        form.phone_suffix.errors.append(_wrong_digits_message(result))
    if not session_verified(dossier):
        return render_template("track/status_only.html", dossier=dossier, form=form,
                               last_event_at=_last_update(dossier))
    return _render_full(dossier)


@bp.post("/<ward_slug>/ho-so/<token>/bo-sung/<int:missing_id>")
@limiter.limit(_address_limit)
def supplement(token, missing_id):
    """Upload the file for one missing paper."""
    dossier = _verified_or_404(token)
    form = SupplementForm()
    errors = {}
    if form.validate_on_submit():
        upload = form.file.data
        try:
            workflow.attach_supplement(dossier, missing_id, stream=upload.stream, filename=upload.filename)
            return redirect(url_for("track.dossier_page", token=token, _anchor="bo-sung"))
        except file_storage.FileRefused as refused:
            errors[missing_id] = str(refused.message)
        except WorkflowError as refused:
            errors[missing_id] = _(str(refused))
    else:
        errors[missing_id] = " ".join(str(e) for e in form.file.errors)
    return _render_full(dossier, supplement_errors=errors, status=400)


@bp.post("/<ward_slug>/ho-so/<token>/danh-gia")
@limiter.limit(_address_limit)
def rate(token):
    """Rate the service once the result has been returned."""
    dossier = _verified_or_404(token)
    form = RatingForm()
    if form.validate_on_submit():
        try:
            workflow.rate(dossier, score=form.score.data, comment=form.comment.data or "")
            return redirect(url_for("track.dossier_page", token=token, _anchor="danh-gia"))
        except (WorkflowError, TransitionNotAllowed):
            form.score.errors.append(_("Hồ sơ này không thể đánh giá (chưa trả kết quả hoặc đã đánh giá)."))
    return _render_full(dossier, rating_form=form, status=400)


@bp.get("/<ward_slug>/ho-so/<token>/tep/<int:file_id>")
@limiter.limit(_address_limit)
def download(token, file_id):
    """The receipt, the signed result (when ready, for online delivery) or one's own supplement."""
    dossier = _verified_or_404(token)
    file = dossier_queries.file_of(dossier, file_id)
    if file is None or file.id not in {f.id for f in _downloadable(dossier)}:
        abort(404)
    if file.kind == "result" and dossier.status == DossierStatus.READY:
        with writing():
            db.session.rollback()
            delivery.record_download(dossier)  # an online result counts as returned once it is fetched
    return dossier_files.send_dossier_file(file)


@bp.post("/<ward_slug>/tra-cuu/mo-khoa/gui-ma")
@limiter.limit(_address_limit)
def send_unlock_code():
    """Send the applicant of a locked dossier a one-time code (to the phone and e-mail on the dossier)."""
    form = UnlockRequestForm()
    code_form = UnlockCodeForm(formdata=None, dossier_code=form.dossier_code.data)
    dossier = _unlock_dossier(form)
    notice = None
    if dossier is not None:
        outcome = unlock_codes.send_code(dossier, secret=_unlock_secret(), rules=_unlock_rules(), now=now_utc(),
                                         ip_address=client_address())
        notice = {
            unlock_codes.SendOutcome.SENT: _("Đã gửi mã mở khóa đến số điện thoại và e-mail đã khai khi nộp hồ sơ."),
            unlock_codes.SendOutcome.NOT_LOCKED: _("Hồ sơ này không bị khóa: nhập 4 chữ số cuối số điện thoại để xem."),
            unlock_codes.SendOutcome.NO_CONTACT: _("Hồ sơ không có số điện thoại hay e-mail để gửi mã. Vui lòng "
                                                   "liên hệ Bộ phận Một cửa."),
            unlock_codes.SendOutcome.TOO_MANY: _("Đã gửi đủ số mã mở khóa cho phép trong ngày. Hãy dùng mã mới "
                                                 "nhất đã nhận, hoặc liên hệ Bộ phận Một cửa."),
        }[outcome]
    return render_template("track/unlock.html", request_form=form, code_form=code_form, notice=notice)


@bp.route("/<ward_slug>/tra-cuu/mo-khoa", methods=["GET", "POST"])
@limiter.limit(_address_limit, methods=["POST"])
def unlock():
    """Type the one-time code: a right one lifts the lock and opens the dossier's details in this browser."""
    # posted fields are cleaned by the form itself (SafeForm); the code in a link, by the kernel's reader
    form = UnlockCodeForm(dossier_code=cleaned_args().get("ma", "")[:60])
    request_form = UnlockRequestForm(formdata=None, dossier_code=form.dossier_code.data)
    if form.validate_on_submit():
        dossier = _unlock_dossier(form)
        if dossier is not None:
            outcome = unlock_codes.enter_code(dossier, form.unlock_code.data, secret=_unlock_secret(),
                                              rules=_unlock_rules(), now=now_utc(), ip_address=client_address())
            if outcome is unlock_codes.EnterOutcome.OPENED:
                remember_dossier(dossier)
                return redirect(url_for("track.dossier_page", token=dossier.tracking_token))
            form.unlock_code.errors.append(_("Mã mở khóa không đúng, đã hết hạn hoặc đã dùng. Hãy yêu cầu mã mới."))
    return render_template("track/unlock.html", request_form=request_form, code_form=form, notice=None)


def _unlock_dossier(form) -> Dossier | None:
    """The ward's dossier named in an unlock form, or None with the form's error set."""
    if not form.validate_on_submit():
        return None
    dossier = dossier_queries.dossier_by_code(g.ward, form.dossier_code.data)
    if dossier is None:
        form.dossier_code.errors.append(_("Không tìm thấy hồ sơ có mã này. Kiểm tra lại mã trên phiếu tiếp nhận."))
    return dossier


def _unlock_secret() -> bytes:
    """The key the unlock codes are hashed under (the app's secret key, kept outside the database)."""
    key = current_app.secret_key
    return key if isinstance(key, bytes) else str(key).encode()


def _unlock_rules():
    return unlock_codes.rules_from_config(current_app.config)


# ---------------------------------------------------------------- helpers


def _dossier_or_404(token: str) -> Dossier:
    """The ward's dossier behind a tracking token."""
    dossier = dossier_queries.dossier_by_token(g.ward, token)
    if dossier is None:
        abort(404)
    return dossier


def _verified_or_404(token: str) -> Dossier:
    """The dossier, only when this session passed its phone check (else the URL does not exist)."""
    dossier = _dossier_or_404(token)
    if not session_verified(dossier):
        abort(404)
    return dossier


def _last_update(dossier: Dossier):
    """When the dossier last changed (all a code alone may learn, with the status)."""
    return dossier.events[-1].at if dossier.events else dossier.submitted_at


def _downloadable(dossier: Dossier) -> list:
    """Files the verified applicant may download."""
    files = [f for f in dossier.files if f.kind in ("receipt", "supplement", "declaration")]
    result = workflow.result_file(dossier)
    if result is not None and dossier.delivery_method == "online" and dossier.status in (
            DossierStatus.READY, DossierStatus.RETURNED):
        files.append(result)
    return files


def _render_full(dossier: Dossier, supplement_errors=None, rating_form=None, status=200):
    """The whole dossier for its verified applicant."""
    request_open = workflow.open_document_request(dossier)
    show_rating = dossier.status == DossierStatus.RETURNED and dossier.rating is None
    downloadable = _downloadable(dossier)
    result = workflow.result_file(dossier)
    return render_template(
        "track/dossier.html", dossier=dossier, status=DossierStatus(dossier.status),
        events=[e for e in dossier.events if e.action not in HIDDEN_ACTIONS],
        action_label=lambda action: workflow.action_label(action, str(get_locale())), timing=deadlines.timeliness(dossier),
        officer=dossier.assigned_officer, document_request=request_open if dossier.status ==
        DossierStatus.DOCUMENTS_REQUESTED else None,
        supplement_form=SupplementForm(formdata=None), supplement_errors=supplement_errors or {},
        receipt=receipts.stored_receipt(dossier), declaration=declaration.stored_declaration(dossier),
        result=result if result in downloadable else None,
        rating_form=rating_form or (RatingForm(formdata=None) if show_rating else None),
        fee=ledger.fee_status(dossier), delivery_state=delivery.delivery_state(dossier),
        online_payment=gateway.configured_gateway(current_app.config) is not None,
    ), status
