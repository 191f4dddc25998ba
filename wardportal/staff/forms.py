"""Flask-WTF forms of the staff area (CSRF-protected; messages in Vietnamese for translation)."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, EqualTo, InputRequired, Length, Optional, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from wardportal.kernel.text_input import SafeForm
from wardportal.staff import accounts
from wardportal.staff.wards import WARD_SLUG

PASSWORD_MESSAGES = {
    "too_short": _l("Mật khẩu cần ít nhất %(n)s ký tự.", n=accounts.MIN_PASSWORD_LENGTH),
    "too_long": _l("Mật khẩu dài tối đa %(n)s ký tự.", n=accounts.MAX_PASSWORD_LENGTH),
    "common": _l("Mật khẩu này quá phổ biến, dễ bị đoán. Hãy chọn mật khẩu khác, ví dụ một câu dài dễ nhớ."),
    "like_email": _l("Mật khẩu không được trùng với địa chỉ email."),
}
ROLE_LABELS = {
    "admin": _l("Quản trị (quản lý cán bộ, thông tin phường/xã)"),
    "editor": _l("Biên tập (đăng hướng dẫn thủ tục)"),
    "officer": _l("Xử lý hồ sơ (một cửa)"),
    "leader": _l("Lãnh đạo (phê duyệt, ký số kết quả)"),
}


class MultiCheckboxField(SelectMultipleField):
    """Several choices as checkboxes (roles)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class NewPassword:
    """Validator: the project's password policy (length, common passwords, not the e-mail)."""

    def __init__(self, email_field: str | None = None):
        self.email_field = email_field

    def __call__(self, form, field):
        email = form[self.email_field].data if self.email_field else getattr(form, "account_email", "")
        problem = accounts.password_problem(field.data or "", email or "")
        if problem:
            raise ValidationError(PASSWORD_MESSAGES[problem])


def _password_pair(label):
    """A new password and its confirmation."""
    return (PasswordField(label, validators=[InputRequired(_l("Nhập mật khẩu mới.")), NewPassword()],
                          render_kw={"autocomplete": "new-password"}),
            PasswordField(_l("Nhập lại mật khẩu mới"), validators=[
                InputRequired(_l("Nhập lại mật khẩu mới.")),
                EqualTo("password", _l("Hai mật khẩu không giống nhau."))], render_kw={"autocomplete": "new-password"}))


class LoginForm(SafeForm):
    """Email and password."""

    email = EmailField(_l("Email"), validators=[InputRequired(_l("Nhập email."))],
                       render_kw={"autocomplete": "username", "spellcheck": "false"})
    password = PasswordField(_l("Mật khẩu"), validators=[InputRequired(_l("Nhập mật khẩu."))],
                             render_kw={"autocomplete": "current-password"})


class CodeForm(SafeForm):
    """A 6-digit code from the authenticator app, or a recovery code."""

    code = StringField(_l("Mã xác thực"), validators=[InputRequired(_l("Nhập mã gồm 6 chữ số."))],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"})


class SetPasswordForm(SafeForm):
    """Choosing a password through a one-time link (invitation or reset)."""

    full_name = StringField(_l("Họ và tên"), validators=[Optional(), Length(max=200)])
    password, confirm = _password_pair(_l("Mật khẩu mới"))


class ChangePasswordForm(SafeForm):
    """Changing one's own password."""

    current = PasswordField(_l("Mật khẩu hiện tại"), validators=[InputRequired(_l("Nhập mật khẩu hiện tại."))],
                            render_kw={"autocomplete": "current-password"})
    password, confirm = _password_pair(_l("Mật khẩu mới"))


class ConfirmForm(SafeForm):
    """A button that changes something (unpublish, delete, restore, reset): only the CSRF token."""


class TwoStepPolicyForm(SafeForm):
    """A ward's rule: everybody who opens dossiers must use two-step sign-in."""

    require_two_step = BooleanField(_l("Bắt buộc xác thực hai bước với mọi cán bộ xem hồ sơ (dữ liệu cá nhân)"))


class OfferAnswerForm(SafeForm):
    """Accepting or declining roles another ward offered this account."""


def _role_choices():
    return [SelectChoice(role, label) for role, label in ROLE_LABELS.items()]


class InviteForm(SafeForm):
    """Inviting a person to the ward with one or more roles."""

    email = EmailField(_l("Email"), validators=[InputRequired(_l("Nhập email.")), Email(_l("Email không đúng dạng."))])
    full_name = StringField(_l("Họ và tên"), validators=[InputRequired(_l("Nhập họ và tên.")), Length(max=200)])
    roles = MultiCheckboxField(_l("Vai trò"), choices=_role_choices(),
                               validators=[InputRequired(_l("Chọn ít nhất một vai trò."))])


class RolesForm(SafeForm):
    """Changing a staff member's roles in this ward."""

    roles = MultiCheckboxField(_l("Vai trò"), choices=_role_choices(),
                               validators=[InputRequired(_l("Chọn ít nhất một vai trò."))])


class NewWardForm(SafeForm):
    """A province administrator creates a ward and its first admin."""

    slug = StringField(_l("Tên rút gọn trong địa chỉ web"), validators=[
        InputRequired(_l("Nhập tên rút gọn.")), Length(max=80),
        Regexp(WARD_SLUG.pattern + "$", message=_l("Chỉ dùng chữ thường không dấu, chữ số và dấu gạch ngang."))])
    name = StringField(_l("Tên phường, xã"), validators=[InputRequired(_l("Nhập tên phường, xã.")), Length(max=200)])
    unit_code = StringField(_l("Mã đơn vị (tiền tố mã hồ sơ)"), validators=[
        InputRequired(_l("Nhập mã đơn vị.")), Length(max=40),
        Regexp(r"^[A-Za-z0-9.]+$", message=_l("Mã đơn vị chỉ gồm chữ, số và dấu chấm."))])
    province = StringField(_l("Tỉnh, thành phố"), validators=[Optional(), Length(max=120)])
    admin_email = EmailField(_l("Email của quản trị viên"), validators=[
        InputRequired(_l("Nhập email.")), Email(_l("Email không đúng dạng."))])
    admin_name = StringField(_l("Họ và tên quản trị viên"), validators=[
        InputRequired(_l("Nhập họ và tên.")), Length(max=200)])
