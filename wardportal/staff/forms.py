"""Flask-WTF forms of the staff area (CSRF-protected; messages in Vietnamese for translation)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (BooleanField, DateField, EmailField, FieldList, Form, FormField, IntegerField,
                     PasswordField, SelectField, SelectMultipleField, StringField, TextAreaField)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, EqualTo, InputRequired, Length, NumberRange, Optional, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from .. import accounts
from ..procedure_import import WARD_SLUG

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


class LoginForm(FlaskForm):
    """Email and password."""

    email = EmailField(_l("Email"), validators=[InputRequired(_l("Nhập email."))],
                       render_kw={"autocomplete": "username", "spellcheck": "false"})
    password = PasswordField(_l("Mật khẩu"), validators=[InputRequired(_l("Nhập mật khẩu."))],
                             render_kw={"autocomplete": "current-password"})


class CodeForm(FlaskForm):
    """A 6-digit code from the authenticator app, or a recovery code."""

    code = StringField(_l("Mã xác thực"), validators=[InputRequired(_l("Nhập mã gồm 6 chữ số."))],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"})


class SetPasswordForm(FlaskForm):
    """Choosing a password through a one-time link (invitation or reset)."""

    full_name = StringField(_l("Họ và tên"), validators=[Optional(), Length(max=200)])
    password, confirm = _password_pair(_l("Mật khẩu mới"))


class ChangePasswordForm(FlaskForm):
    """Changing one's own password."""

    current = PasswordField(_l("Mật khẩu hiện tại"), validators=[InputRequired(_l("Nhập mật khẩu hiện tại."))],
                            render_kw={"autocomplete": "current-password"})
    password, confirm = _password_pair(_l("Mật khẩu mới"))


class DocumentRowForm(Form):
    """One required document (no CSRF of its own: it lives inside the procedure form)."""

    name = StringField(_l("Tên giấy tờ"), validators=[Optional(), Length(max=1000)])
    original = BooleanField(_l("Bản chính"), default=True)
    copies = IntegerField(_l("Số bản"), default=1, validators=[Optional(), NumberRange(min=1, max=20)])
    note = StringField(_l("Ghi chú"), validators=[Optional(), Length(max=1000)])


class ProcedureForm(FlaskForm):
    """Every field of a procedure guide, the steps and notes in Markdown, and its documents."""

    code = StringField(_l("Mã thủ tục (mã quốc gia)"), validators=[
        InputRequired(_l("Nhập mã thủ tục.")), Length(max=40),
        Regexp(r"^[0-9A-Za-z.\-]+$", message=_l("Mã thủ tục chỉ gồm chữ số, chữ cái, dấu chấm và gạch ngang."))])
    title = StringField(_l("Tên thủ tục"), validators=[InputRequired(_l("Nhập tên thủ tục.")), Length(max=300)])
    field = StringField(_l("Lĩnh vực"), validators=[InputRequired(_l("Nhập lĩnh vực.")), Length(max=120)])
    summary = TextAreaField(_l("Tóm tắt"), validators=[Optional(), Length(max=2000)])
    applicants = TextAreaField(_l("Đối tượng thực hiện"), validators=[Optional(), Length(max=5000)])
    steps = TextAreaField(_l("Trình tự thực hiện (Markdown)"), validators=[Optional(), Length(max=20000)])
    requirements = TextAreaField(_l("Yêu cầu, điều kiện (Markdown)"), validators=[Optional(), Length(max=20000)])
    processing_days = IntegerField(_l("Thời hạn giải quyết (ngày làm việc)"), default=0, validators=[
        InputRequired(_l("Nhập thời hạn giải quyết bằng số ngày.")), NumberRange(min=0, max=365)])
    fee = StringField(_l("Phí, lệ phí"), validators=[Optional(), Length(max=300)])
    legal_basis = TextAreaField(_l("Căn cứ pháp lý (Markdown)"), validators=[Optional(), Length(max=20000)])
    result = StringField(_l("Kết quả thực hiện"), validators=[Optional(), Length(max=300)])
    where_to_submit = TextAreaField(_l("Nơi nộp hồ sơ"), validators=[Optional(), Length(max=2000)])
    implementing_body = StringField(_l("Cơ quan thực hiện"), validators=[Optional(), Length(max=200)])
    online_level = SelectField(_l("Mức độ trực tuyến"), choices=[
        SelectChoice("full", _l("Trực tuyến toàn trình")), SelectChoice("partial", _l("Trực tuyến một phần")),
        SelectChoice("none", _l("Chỉ cung cấp thông tin"))])
    is_popular = BooleanField(_l("Hiện trong mục thủ tục hay dùng"))
    documents = FieldList(FormField(DocumentRowForm), min_entries=1, max_entries=60)

    def values(self) -> dict:
        """The guide's fields as plain values for ``editing.save_procedure``."""
        names = ("code", "title", "field", "summary", "applicants", "steps", "requirements", "processing_days",
                 "fee", "legal_basis", "result", "where_to_submit", "implementing_body", "online_level",
                 "is_popular")
        return {name: (self[name].data.strip() if isinstance(self[name].data, str) else self[name].data)
                for name in names}

    def document_rows(self) -> list[dict]:
        """The filled-in document rows (blank rows are dropped)."""
        rows = []
        for entry in self.documents:
            name = (entry.form.name.data or "").strip()
            if name:
                rows.append({"name": name, "original": bool(entry.form.original.data),
                             "copies": entry.form.copies.data or 1, "note": (entry.form.note.data or "").strip()})
        return rows


class PublishForm(FlaskForm):
    """Publishing: the date the published content takes effect."""

    effective_date = DateField(_l("Ngày có hiệu lực"), validators=[InputRequired(_l("Nhập ngày có hiệu lực."))])


class ConfirmForm(FlaskForm):
    """A button that changes something (unpublish, delete, restore, reset): only the CSRF token."""


class FormTemplateForm(FlaskForm):
    """Uploading a blank form for residents to download."""

    title = StringField(_l("Tên biểu mẫu"), validators=[InputRequired(_l("Nhập tên biểu mẫu.")), Length(max=300)])
    file = FileField(_l("Tệp (PDF, DOC, DOCX hoặc ODT)"), validators=[FileRequired(_l("Chọn tệp biểu mẫu."))])


class ContactForm(FlaskForm):
    """An entry of the contact directory."""

    name = StringField(_l("Họ và tên"), validators=[InputRequired(_l("Nhập họ và tên.")), Length(max=200)])
    role = StringField(_l("Chức vụ"), validators=[InputRequired(_l("Nhập chức vụ.")), Length(max=200)])
    field = StringField(_l("Lĩnh vực phụ trách"), validators=[Optional(), Length(max=120)])
    phone = StringField(_l("Số điện thoại"), validators=[
        InputRequired(_l("Nhập số điện thoại.")), Length(max=40),
        Regexp(r"^[0-9 .+()-]+$", message=_l("Số điện thoại chỉ gồm chữ số, dấu cách, dấu chấm."))])
    email = EmailField(_l("Email"), validators=[Optional(), Email(_l("Email không đúng dạng.")), Length(max=200)])
    position = IntegerField(_l("Thứ tự hiển thị"), default=0, validators=[Optional(), NumberRange(min=0, max=999)])


class WardDetailsForm(FlaskForm):
    """The ward's public details and the notice on its home page."""

    address = StringField(_l("Địa chỉ trụ sở"), validators=[Optional(), Length(max=300)])
    hours = StringField(_l("Giờ làm việc"), validators=[Optional(), Length(max=300)])
    hotline = StringField(_l("Đường dây nóng"), validators=[Optional(), Length(max=40)])
    email = EmailField(_l("Email"), validators=[Optional(), Email(_l("Email không đúng dạng.")), Length(max=200)])
    notice = TextAreaField(_l("Thông báo trên trang chủ (Markdown)"), validators=[Optional(), Length(max=5000)])


def _role_choices():
    return [SelectChoice(role, label) for role, label in ROLE_LABELS.items()]


class InviteForm(FlaskForm):
    """Inviting a person to the ward with one or more roles."""

    email = EmailField(_l("Email"), validators=[InputRequired(_l("Nhập email.")), Email(_l("Email không đúng dạng."))])
    full_name = StringField(_l("Họ và tên"), validators=[InputRequired(_l("Nhập họ và tên.")), Length(max=200)])
    roles = MultiCheckboxField(_l("Vai trò"), choices=_role_choices(),
                               validators=[InputRequired(_l("Chọn ít nhất một vai trò."))])


class RolesForm(FlaskForm):
    """Changing a staff member's roles in this ward."""

    roles = MultiCheckboxField(_l("Vai trò"), choices=_role_choices(),
                               validators=[InputRequired(_l("Chọn ít nhất một vai trò."))])


class NewWardForm(FlaskForm):
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
