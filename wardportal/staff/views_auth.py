"""Signing in and out, two-step sign-in, passwords, and one-time links (invitation, reset)."""

import time

import segno
from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from wardportal.kernel.extensions import db, limiter
from wardportal.kernel.request_args import local_target
from wardportal.kernel.request_facts import client_address
from wardportal.kernel.text_input import cleaned_form
from wardportal.kernel.times import now_utc
from wardportal.staff import accounts, audit, link_mail, totp_seeds
from wardportal.staff.access import (PENDING_2FA_TIMEOUT, SESSION_NEXT, SESSION_PENDING_2FA, SESSION_PENDING_AT,
    current_staff, end_staff_session, login_redirect, needs_totp_setup, restart_staff_session, staff_required,
    start_staff_session)
from wardportal.staff.blueprint import bp
from wardportal.staff.forms import (PASSWORD_MESSAGES, ChangePasswordForm, CodeForm, ConfirmForm, LoginForm,
    OfferAnswerForm, SetPasswordForm)
from wardportal.staff.models import StaffUser, Ward

SESSION_TOTP_SETUP = "staff_totp_setup_secret"


def _account_key() -> str:
    """Rate-limit key for one account: the e-mail typed on the sign-in form."""
    return "account:" + accounts.normalise_email(cleaned_form().get("email", ""))


def _pending_key() -> str:
    """Rate-limit key for the code prompt: the account waiting for its second step."""
    return f"pending:{session.get(SESSION_PENDING_2FA, '-')}"


def _safe_next() -> str | None:
    """Where the visitor was going before signing in, only if it is a path on this site."""
    return local_target(session.pop(SESSION_NEXT, None), None)


def _after_sign_in(user: StaffUser):
    """Finish signing in: new session, audit entry, then 2FA set-up (admins) or where they were going."""
    start_staff_session(user)
    audit.record("staff.login", user, client_address(), now_utc())
    db.session.commit()
    if needs_totp_setup(user):
        return redirect(url_for("staff.totp_setup"))
    return redirect(_safe_next() or url_for("staff.home"))


@bp.errorhandler(429)
def too_many_attempts(_error):
    """Rate limit reached: say so plainly, without telling which limit (account or address)."""
    return render_template("staff/too_many.html"), 429


@bp.errorhandler(totp_seeds.TotpKeyError)
def two_step_key_unusable(error):
    """The seeds cannot be opened with this server's key: say so (and log it), never a 500."""
    db.session.rollback()
    current_app.logger.error("two-step sign-in refused: %s", error)
    return render_template("staff/two_step_unavailable.html"), 503


@bp.route("/can-bo/dang-nhap", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["STAFF_LOGIN_LIMIT_ADDRESS"], methods=["POST"],
               scope="staff-login-address")
@limiter.limit(lambda: current_app.config["STAFF_LOGIN_LIMIT_ACCOUNT"], methods=["POST"], key_func=_account_key,
               scope="staff-login-account")
def login():
    """Sign in with e-mail and password; one message for every failure so accounts cannot be probed."""
    if request.method == "GET" and current_staff() is not None:
        return redirect(url_for("staff.home"))
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        user = accounts.authenticate(form.email.data, form.password.data)
        if user is None:
            error = _("Email hoặc mật khẩu không đúng.")
        elif user.totp_secret:
            next_url = session.get(SESSION_NEXT)
            session.clear()
            session[SESSION_PENDING_2FA] = user.id
            session[SESSION_PENDING_AT] = time.time()
            if next_url:
                session[SESSION_NEXT] = next_url
            return redirect(url_for("staff.totp_verify"))
        else:
            return _after_sign_in(user)
    status = 200 if error is None and not form.errors else 422
    return render_template("staff/login.html", form=form, error=error), status


@bp.route("/can-bo/dang-nhap/ma-xac-thuc", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["STAFF_LOGIN_LIMIT_ACCOUNT"], methods=["POST"], key_func=_pending_key,
               scope="staff-totp")
def totp_verify():
    """Second step: a code from the authenticator app or one recovery code."""
    user_id, started = session.get(SESSION_PENDING_2FA), session.get(SESSION_PENDING_AT, 0)
    user = db.session.get(StaffUser, user_id) if user_id else None
    if user is None or not user.is_active_account or time.time() - started > PENDING_2FA_TIMEOUT:
        session.pop(SESSION_PENDING_2FA, None)
        return redirect(url_for("staff.login"))
    form = CodeForm()
    error = None
    if form.validate_on_submit():
        now = now_utc()
        code = form.code.data.strip()
        if accounts.verify_totp(user, code, now) or accounts.use_recovery_code(user, code, now):
            return _after_sign_in(user)
        db.session.rollback()
        error = _("Mã không đúng hoặc đã được dùng. Nhập mã mới trên ứng dụng xác thực.")
    status = 200 if error is None and not form.errors else 422
    return render_template("staff/totp_verify.html", form=form, error=error), status


@bp.post("/can-bo/dang-xuat")
def logout():
    """Sign out (POST only, so a link on another site cannot sign anyone out)."""
    user = current_staff()
    if user is not None:
        audit.record("staff.logout", user, client_address(), now_utc())
        # Ends the session server-side too: a copy of this browser's cookie stops working now.
        end_staff_session(end_row=True)
        db.session.commit()
    end_staff_session()
    flash(_("Bạn đã đăng xuất."))
    return redirect(url_for("staff.login"))


@bp.get("/can-bo/")
@staff_required()
def home():
    """The staff member's wards; straight to the dashboard when there is only one."""
    user = current_staff()
    wards = sorted({m.ward for m in user.memberships}, key=lambda w: w.name)
    offers = accounts.pending_offers(user, now_utc())
    if len(wards) == 1 and not user.is_province_admin and not offers:
        return redirect(url_for("staff.dashboard", ward_slug=wards[0].slug))
    return _home_page(user, wards, offers)


def _home_page(user: StaffUser, wards, offers, error: str | None = None, status: int = 200):
    all_wards = db.session.scalars(db.select(Ward).order_by(Ward.name)).all() if user.is_province_admin else []
    return render_template("staff/home.html", wards=wards, all_wards=all_wards, user=user,
                           logout_form=ConfirmForm(), offers=offers, offer_form=OfferAnswerForm(),
                           email_proved=user.email_verified_at is not None,
                           can_confirm=link_mail.links_by_email(), error=error), status


@bp.post("/can-bo/loi-moi/<int:offer_id>")
@staff_required()
def answer_offer(offer_id):
    """Accept or decline the roles another ward offered this account (only its owner can)."""
    user = current_staff()
    if not OfferAnswerForm().validate_on_submit():
        abort(400)
    accept = cleaned_form().get("answer") == "accept"
    try:
        offer = accounts.answer_offer(user, offer_id, accept, now_utc())
    except accounts.AccountError as exc:
        db.session.rollback()
        if exc.code != "email_unproven":
            abort(404)
        wards = sorted({m.ward for m in user.memberships}, key=lambda w: w.name)
        return _home_page(user, wards, accounts.pending_offers(user, now_utc()), status=403,
                          error=_("Tài khoản chưa xác nhận email nên chưa nhận được lời mời này."))
    audit.record("staff.offer_accepted" if accept else "staff.offer_declined", user, client_address(), now_utc(),
                 ward=offer.ward, target=f"staff:{user.id}", details={"roles": sorted(offer.roles)})
    db.session.commit()
    flash(_("Bạn đã nhận làm việc tại %(ward)s.", ward=offer.ward.name) if accept
          else _("Bạn đã từ chối lời mời của %(ward)s.", ward=offer.ward.name))
    return redirect(url_for("staff.home"))


@bp.post("/can-bo/xac-nhan-email")
@staff_required()
@limiter.limit("5 per hour", key_func=lambda: f"confirm:{current_user.get_id()}", scope="staff-confirm")
def confirm_email():
    """Send a link to the account's own address; following it proves the address (and sets a new password)."""
    user = current_staff()
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if not link_mail.links_by_email():
        abort(404)
    token = accounts.issue_token(user, "confirm", user, now_utc(), emailed=True)
    audit.record("staff.confirm_requested", user, client_address(), now_utc())
    db.session.commit()
    if link_mail.send_link(user, token, "confirm"):
        flash(_("Đã gửi thư xác nhận tới %(email)s. Mở liên kết trong thư để xác nhận và chọn mật khẩu mới.",
                email=user.email))
    else:
        accounts.revoke_links(user)
        db.session.commit()
        flash(_("Chưa gửi được thư xác nhận; hãy thử lại sau."))
    return redirect(url_for("staff.home"))


@bp.route("/can-bo/mat-khau", methods=["GET", "POST"])
@staff_required()
def change_password():
    """Change one's own password; other sessions of the account end."""
    user = current_staff()
    form = ChangePasswordForm()
    form.account_email = user.email
    if form.validate_on_submit():
        try:
            accounts.change_password(user, form.current.data, form.password.data)
        except accounts.AccountError as exc:
            db.session.rollback()
            form.current.errors.append(_("Mật khẩu hiện tại không đúng.") if exc.code == "wrong_password"
                                       else PASSWORD_MESSAGES.get(exc.code, exc.code))
        else:
            audit.record("staff.password_changed", user, client_address(), now_utc())
            restart_staff_session(user)
            db.session.commit()
            flash(_("Đã đổi mật khẩu."))
            return redirect(url_for("staff.home"))
    return render_template("staff/password.html", form=form), 422 if form.errors else 200


def _qr_data_uri(uri: str) -> str:
    """The otpauth address as an SVG QR code in a data: URI (the CSP allows data: images)."""
    return segno.make(uri, error="m").svg_data_uri(scale=5)


@bp.route("/can-bo/xac-thuc-hai-buoc", methods=["GET", "POST"])
def totp_setup():
    """Turn on two-step sign-in: scan the QR code, type a code, keep the recovery codes shown once."""
    user = current_staff()
    if user is None:
        return login_redirect()
    form = CodeForm()
    secret = session.get(SESSION_TOTP_SETUP)
    if not secret:
        secret = session[SESSION_TOTP_SETUP] = accounts.new_totp_secret()
    error = None
    if form.validate_on_submit():
        try:
            codes = accounts.enable_totp(user, secret, form.code.data, now_utc())
        except accounts.AccountError:
            db.session.rollback()
            error = _("Mã không đúng. Kiểm tra giờ trên điện thoại rồi nhập mã mới.")
        else:
            audit.record("staff.totp_enabled", user, client_address(), now_utc())
            restart_staff_session(user)
            db.session.commit()
            session.pop(SESSION_TOTP_SETUP, None)
            return render_template("staff/recovery_codes.html", codes=codes)
    uri = accounts.totp_uri(user, secret, current_app.config["INSTALL_NAME"])
    return render_template("staff/totp_setup.html", form=form, error=error, secret=secret, qr=_qr_data_uri(uri),
                           required=needs_totp_setup(user), enabled=bool(user.totp_secret),
                           codes_left=accounts.recovery_codes_left(user) if user.totp_secret else 0,
                           disable_form=ConfirmForm(prefix="disable")), 422 if error or form.errors else 200


@bp.post("/can-bo/xac-thuc-hai-buoc/ma-khoi-phuc")
@staff_required()
def new_recovery_codes():
    """Replace the recovery codes (proved with a current code from the app)."""
    user = current_staff()
    form = CodeForm()
    if form.validate_on_submit() and user.totp_secret and accounts.verify_totp(user, form.code.data, now_utc()):
        codes = accounts.new_recovery_codes(user)
        audit.record("staff.recovery_codes_renewed", user, client_address(), now_utc())
        restart_staff_session(user)
        db.session.commit()
        return render_template("staff/recovery_codes.html", codes=codes)
    db.session.rollback()
    flash(_("Mã không đúng; chưa tạo mã khôi phục mới."))
    return redirect(url_for("staff.totp_setup"))


@bp.post("/can-bo/xac-thuc-hai-buoc/tat")
@staff_required()
def totp_disable():
    """Turn two-step sign-in off (refused for admins)."""
    user = current_staff()
    if not ConfirmForm(prefix="disable").validate_on_submit():
        abort(400)
    try:
        accounts.disable_totp(user)
    except accounts.AccountError:
        db.session.rollback()
        flash(_("Quản trị viên bắt buộc dùng xác thực hai bước."))
    else:
        audit.record("staff.totp_disabled", user, client_address(), now_utc())
        restart_staff_session(user)
        db.session.commit()
        flash(_("Đã tắt xác thực hai bước."))
    return redirect(url_for("staff.totp_setup"))


@bp.route("/can-bo/lien-ket/<token>", methods=["GET", "POST"])
def accept_link(token):
    """Choose a password through a one-time link from an invitation or a reset."""
    record = accounts.find_token(token, now_utc())
    if record is None:
        return render_template("staff/link_expired.html"), 404
    form = SetPasswordForm()
    form.account_email = record.staff.email
    if record.purpose != "invite":
        del form.full_name
    elif request.method == "GET":
        form.full_name.data = record.staff.full_name
    if form.validate_on_submit():
        name = form.full_name.data if "full_name" in form else None
        purpose = record.purpose
        try:
            user, two_step_dropped = accounts.redeem_token(token, form.password.data, now_utc(), full_name=name)
        except accounts.AccountError:
            db.session.rollback()  # used by another request meanwhile
            return render_template("staff/link_expired.html"), 404
        audit.record(f"staff.{purpose}_accepted", user, client_address(), now_utc())
        db.session.commit()
        end_staff_session()
        flash(_("Đã lưu mật khẩu. Mời bạn đăng nhập."))
        if two_step_dropped:
            flash(_("Email đã được xác nhận. Xác thực hai bước cài đặt trước đó đã được tắt vì có thể không phải "
                    "do bạn cài; hãy bật lại sau khi đăng nhập."))
        return redirect(url_for("staff.login"))
    return render_template("staff/accept_link.html", form=form, record=record), 422 if form.errors else 200
