"""Ward admins manage their staff and read the audit log; province administrators create wards."""

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l

from wardportal.kernel.extensions import db
from wardportal.kernel.request_args import arg_page
from wardportal.kernel.request_facts import client_address
from wardportal.kernel.times import now_utc
from wardportal.staff import accounts, audit, link_mail, sessions as staff_sessions
from wardportal.staff.access import current_staff, restart_staff_session, staff_required
from wardportal.staff.audit_labels import action_label, describe_details
from wardportal.staff.blueprint import bp
from wardportal.staff.forms import ConfirmForm, InviteForm, NewWardForm, RolesForm, TwoStepPolicyForm
from wardportal.staff.models import ROLES

ACCOUNT_MESSAGES = {
    "already_member": _l("Người này đã là cán bộ của phường, xã."),
    "last_admin": _l("Phường, xã phải còn ít nhất một quản trị viên."),
    "unknown_role": _l("Vai trò không hợp lệ."),
    "email_taken": _l("Email này đã có tài khoản."),
    "invalid_email": _l("Email không đúng dạng."),
    "slug_taken": _l("Đã có phường, xã dùng tên rút gọn này."),
    "unit_code_taken": _l("Đã có phường, xã dùng mã đơn vị này; mã hồ sơ của hai nơi sẽ trùng nhau."),
}
NOT_YOURS = _l("Tài khoản này còn làm việc ở phường, xã khác hoặc cấp tỉnh; chỉ quản trị viên cấp tỉnh được đặt "
               "lại mật khẩu hoặc xác thực hai bước của tài khoản này.")


def _member_or_404(staff_id: int):
    """A staff member of ``g.ward``; anybody else is a 404."""
    member = accounts.ward_member(g.ward, staff_id)
    if member is None:
        abort(404)
    return member


def _link_page(user, token: str, purpose: str):
    """Deliver a one-time link: by e-mail only when the install sends e-mail, else shown here with a warning.

    A link that could not be e-mailed is withdrawn (shown, it would reach the admin instead of its owner).
    """
    if not link_mail.links_by_email():
        return render_template("staff/one_time_link.html", member=user, link=link_mail.link_url(token),
                               purpose=purpose, delivery="shown")
    if link_mail.send_link(user, token, purpose):
        return render_template("staff/one_time_link.html", member=user, purpose=purpose, delivery="emailed")
    accounts.revoke_links(user)
    db.session.commit()
    return render_template("staff/one_time_link.html", member=user, purpose=purpose, delivery="failed"), 503


def _tell_offer(user, inviter) -> None:
    """E-mail the owner of an existing account about the offer; one that never proved its address gets a
    link to do so (the address's owner takes the account back if someone else set it up)."""
    if not link_mail.links_by_email():
        return
    token = None
    if user.email_verified_at is None:
        token = accounts.issue_token(user, "confirm", inviter, now_utc(), emailed=True)
        db.session.commit()
    if not link_mail.send_offer(user, g.ward.name, token) and token:
        accounts.revoke_links(user)
        db.session.commit()


@bp.get("/<ward_slug>/can-bo/nhan-su/")
@staff_required("admin")
def staff_list():
    """Everybody working for the ward and their roles."""
    return render_template("staff/staff_list.html", members=accounts.ward_staff(g.ward), roles=ROLES,
                           policy_form=TwoStepPolicyForm(data={"require_two_step": g.ward.require_two_step}),
                           offers=accounts.ward_offers(g.ward, now_utc()))


@bp.post("/<ward_slug>/can-bo/nhan-su/xac-thuc-hai-buoc")
@staff_required("admin")
def two_step_policy():
    """Require (or stop requiring) two-step sign-in of everyone here who opens dossiers."""
    form = TwoStepPolicyForm()
    if not form.validate_on_submit():
        abort(400)
    g.ward.require_two_step = bool(form.require_two_step.data)
    audit.record("ward.two_step_policy", current_staff(), client_address(), now_utc(), ward=g.ward,
                 target=f"ward:{g.ward.slug}", details={"required": g.ward.require_two_step})
    db.session.commit()
    flash(_("Đã lưu: cán bộ xử lý hồ sơ phải dùng xác thực hai bước.") if g.ward.require_two_step
          else _("Đã lưu: xác thực hai bước không còn bắt buộc với cán bộ xử lý hồ sơ."))
    return redirect(url_for("staff.staff_list"))


@bp.route("/<ward_slug>/can-bo/nhan-su/moi", methods=["GET", "POST"])
@staff_required("admin")
def invite_staff():
    """Add a person with roles; a new account gets a one-time link to choose a password."""
    form = InviteForm()
    if form.validate_on_submit():
        try:
            user, token, waits = accounts.invite_staff(g.ward, form.email.data, form.full_name.data,
                                                       set(form.roles.data), current_staff(), now_utc(),
                                                       link_emailed=link_mail.links_by_email())
        except accounts.AccountError as exc:
            db.session.rollback()
            form.email.errors.append(str(ACCOUNT_MESSAGES.get(exc.code, exc.code)))
        else:
            audit.record("staff.offered" if waits else "staff.invited", current_staff(), client_address(),
                         now_utc(), ward=g.ward, target=f"staff:{user.id}", details={"roles": sorted(form.roles.data)})
            db.session.commit()
            if token:
                return _link_page(user, token, "invite")
            if waits:
                _tell_offer(user, current_staff())
                flash(_("%(email)s đã có tài khoản. Lời mời đang chờ người này đồng ý sau khi đăng nhập.",
                        email=user.email))
                return redirect(url_for("staff.staff_list"))
            flash(_("Đã thêm %(email)s vào phường, xã; người này đăng nhập bằng tài khoản sẵn có.", email=user.email))
            return redirect(url_for("staff.staff_list"))
    return render_template("staff/invite.html", form=form), 422 if form.errors else 200


@bp.route("/<ward_slug>/can-bo/nhan-su/<int:staff_id>", methods=["GET", "POST"])
@staff_required("admin")
def edit_staff(staff_id):
    """Change a staff member's roles in this ward."""
    member = _member_or_404(staff_id)
    form = RolesForm(data=None if request.method == "POST" else {"roles": sorted(member.roles_in(g.ward.id))})
    if form.validate_on_submit():
        try:
            accounts.set_roles(g.ward, member, set(form.roles.data), now_utc())
        except accounts.AccountError as exc:
            db.session.rollback()
            form.roles.errors.append(str(ACCOUNT_MESSAGES.get(exc.code, exc.code)))
        else:
            audit.record("staff.roles_changed", current_staff(), client_address(), now_utc(), ward=g.ward,
                         target=f"staff:{member.id}", details={"roles": sorted(form.roles.data)})
            db.session.commit()
            flash(_("Đã cập nhật vai trò."))
            return redirect(url_for("staff.staff_list"))
    return render_template("staff/staff_edit.html", form=form, member=member, confirm_form=ConfirmForm(),
                           sessions=staff_sessions.live_session_count(member),
                           manageable=accounts.may_manage_account(current_staff(), member)), \
        422 if form.errors else 200


@bp.post("/<ward_slug>/can-bo/nhan-su/<int:staff_id>/dat-lai-mat-khau")
@staff_required("admin")
def reset_staff_password(staff_id):
    """Make a one-time link for the member to choose a new password (their sessions end when they do)."""
    member = _member_or_404(staff_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if not accounts.may_manage_account(current_staff(), member):
        return _not_yours(member)
    token = accounts.issue_token(member, "reset", current_staff(), now_utc(), emailed=link_mail.links_by_email())
    audit.record("staff.reset_issued", current_staff(), client_address(), now_utc(), ward=g.ward,
                 target=f"staff:{member.id}")
    db.session.commit()
    return _link_page(member, token, "reset")


def _not_yours(member):
    """Refuse to reset an account that also works elsewhere (403, the staff page with the reason)."""
    db.session.rollback()
    return render_template("staff/staff_edit.html", member=member, confirm_form=ConfirmForm(),
                           form=RolesForm(data={"roles": sorted(member.roles_in(g.ward.id))}),
                           refusal=NOT_YOURS), 403


@bp.post("/<ward_slug>/can-bo/nhan-su/<int:staff_id>/dat-lai-xac-thuc")
@staff_required("admin")
def reset_staff_two_step(staff_id):
    """Turn off a member's two-step sign-in (a lost phone); all their sessions end."""
    member = _member_or_404(staff_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if not accounts.may_manage_account(current_staff(), member):
        return _not_yours(member)
    accounts.reset_two_step(member, now_utc())
    audit.record("staff.two_step_reset", current_staff(), client_address(), now_utc(), ward=g.ward,
                 target=f"staff:{member.id}")
    db.session.commit()
    flash(_("Đã tắt xác thực hai bước của %(name)s; mọi phiên đăng nhập của người này đã kết thúc.",
            name=member.full_name))
    return redirect(url_for("staff.edit_staff", staff_id=member.id))


@bp.post("/<ward_slug>/can-bo/nhan-su/<int:staff_id>/dang-xuat-moi-noi")
@staff_required("admin")
def sign_out_everywhere(staff_id):
    """End every session of a member at once (a lost laptop, a copied cookie); their password stays."""
    member = _member_or_404(staff_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    me = current_staff()
    ended = staff_sessions.end_all_sessions(member, now_utc())
    if member.id == me.id:
        restart_staff_session(me)  # the admin's own copies end too; this browser continues on a new session
    audit.record("staff.signed_out_everywhere", me, client_address(), now_utc(), ward=g.ward,
                 target=f"staff:{member.id}", details={"sessions": ended})
    db.session.commit()
    flash(_("Đã kết thúc %(count)s phiên đăng nhập của %(name)s.", count=ended, name=member.full_name))
    return redirect(url_for("staff.edit_staff", staff_id=member.id))


@bp.get("/<ward_slug>/can-bo/nhat-ky")
@staff_required("admin", province_admin=True)
def audit_log():
    """The ward's audit log, newest first, 50 per page."""
    page = arg_page()
    entries, total = audit.entries_for(g.ward, page=page)
    return render_template("staff/audit_log.html", entries=entries, total=total, page=page, per_page=50,
                           names=audit.target_names(entries, g.ward), action_label=action_label,
                           describe_details=describe_details)


@bp.route("/can-bo/tinh/phuong-xa", methods=["GET", "POST"])
@staff_required(province_admin=True)
def province_wards():
    """Province administrators: the wards of the install, and a form to create one with its first admin."""
    form = NewWardForm()
    if form.validate_on_submit():
        try:
            ward, user, token = accounts.create_ward_with_admin(
                form.slug.data, form.name.data, form.unit_code.data, form.province.data or "",
                form.admin_email.data, form.admin_name.data, current_staff(), now_utc(),
                link_emailed=link_mail.links_by_email())
        except accounts.AccountError as exc:
            db.session.rollback()
            target = {"slug_taken": form.slug, "unit_code_taken": form.unit_code}.get(exc.code, form.admin_email)
            target.errors.append(str(ACCOUNT_MESSAGES.get(exc.code, exc.code)))
        else:
            audit.record("ward.created", current_staff(), client_address(), now_utc(), ward=ward,
                         target=f"ward:{ward.slug}", details={"admin": f"staff:{user.id}"})
            db.session.commit()
            if token:
                return _link_page(user, token, "invite")
            flash(_("Đã tạo %(ward)s; quản trị viên dùng tài khoản sẵn có.", ward=ward.name))
            return redirect(url_for("staff.province_wards"))
    wards = db.session.scalars(db.select(accounts.Ward).order_by(accounts.Ward.name)).all()
    return render_template("staff/province_wards.html", form=form, wards=wards), 422 if form.errors else 200


@bp.get("/can-bo/tinh/nhat-ky")
@staff_required(province_admin=True)
def province_audit_log():
    """Province-level audit entries (sign-ins, new wards are also in each ward's log)."""
    page = arg_page()
    entries, total = audit.entries_for(None, page=page)
    return render_template("staff/audit_log.html", entries=entries, total=total, page=page, per_page=50,
                           names=audit.target_names(entries, None), action_label=action_label,
                           describe_details=describe_details)
