"""Forms of the approval area: drafting, approving or returning, the leader's profile, the ward's seal."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, PasswordField, RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from wardportal.kernel.text_input import SafeForm

NOTE = [Optional(), Length(max=2000)]


class UploadDraftForm(SafeForm):
    """The officer's draft result as a PDF."""

    draft = FileField(_l("Tệp dự thảo kết quả (PDF, chưa ký)"), validators=[FileRequired(_l("Chọn tệp dự thảo."))])
    note = TextAreaField(_l("Ghi chú cho lãnh đạo"), validators=NOTE)


class GenerateDraftForm(SafeForm):
    """A draft generated from the procedure's template, with the officer's text."""

    title = StringField(_l("Tên văn bản kết quả"), validators=[DataRequired(_l("Nhập tên văn bản.")), Length(max=200)])
    body = TextAreaField(_l("Nội dung"), validators=[DataRequired(_l("Nhập nội dung văn bản.")), Length(max=6000)])
    note = TextAreaField(_l("Ghi chú cho lãnh đạo"), validators=NOTE)


class ApproveForm(SafeForm):
    """Sign with the key on the token (PIN) or with a PKCS#12 file given for this signature only."""

    method = RadioField(_l("Ký bằng"), choices=[
        SelectChoice("token", _l("Thiết bị ký số (USB token) của tôi")),
        SelectChoice("pkcs12", _l("Tệp chữ ký số PKCS#12 (.p12), dùng một lần"))],
        default="token", validators=[DataRequired()])
    pin = PasswordField(_l("Mã PIN của thiết bị ký số"), validators=[Optional(), Length(max=64)])
    pkcs12 = FileField(_l("Tệp .p12 / .pfx"))
    passphrase = PasswordField(_l("Mật khẩu của tệp .p12"), validators=[Optional(), Length(max=200)])
    sha256 = HiddenField(validators=[DataRequired(), Length(min=64, max=64)])


class ReturnForm(SafeForm):
    """Send the draft back to the officer."""

    reason = TextAreaField(_l("Lý do trả lại"), validators=[DataRequired(_l("Nêu lý do trả lại.")), Length(max=2000)])


class ProfileForm(SafeForm):
    """A leader's title, token and signature image."""

    title = TextAreaField(_l("Chức danh ký (mỗi dòng một dòng in)"),
                          validators=[DataRequired(_l("Nhập chức danh.")), Length(max=200)])
    token_label = StringField(_l("Tên (nhãn) thiết bị ký số"), validators=[Optional(), Length(max=100)])
    key_label = StringField(_l("Nhãn khóa trên thiết bị"), validators=[Optional(), Length(max=100)])
    signature = FileField(_l("Hình chữ ký tay (PNG nền trong suốt, màu xanh)"))


class SealForm(SafeForm):
    """The ward's seal image."""

    seal = FileField(_l("Hình con dấu (PNG nền trong suốt, màu đỏ)"), validators=[FileRequired(_l("Chọn tệp hình."))])


class SignedFormsForm(SafeForm):
    """Which of a procedure's documents must carry the applicant's digital signature."""

    documents = SelectMultipleField(_l("Giấy tờ phải có chữ ký số của người nộp"), coerce=int,
                                    widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(),
                                    validate_choice=False)


class EnrolForm(SafeForm):
    """A leader enrols their signing certificate: from a file (certificate or PKCS#12), or from their token."""

    source = RadioField(_l("Lấy chứng thư số từ"), choices=[
        SelectChoice("file", _l("Tệp chứng thư số (.cer, .crt, .pem, .der) hoặc tệp .p12 / .pfx")),
        SelectChoice("token", _l("Thiết bị ký số (USB token) của tôi, theo nhãn trong hồ sơ chữ ký"))],
        default="file", validators=[DataRequired()])
    certificate = FileField(_l("Tệp chứng thư số hoặc tệp .p12 / .pfx"))
    passphrase = PasswordField(_l("Mật khẩu của tệp .p12 (chỉ để đọc chứng thư, không được lưu)"),
                               validators=[Optional(), Length(max=200)])


class EnrolmentDecisionForm(SafeForm):
    """A ward admin confirms or refuses a leader's certificate (the reason goes to the leader)."""

    reason = TextAreaField(_l("Lý do từ chối"), validators=[Optional(), Length(max=500)])


class PlainActionForm(SafeForm):
    """A button that changes something (withdraw a certificate, remove a trust root): only the CSRF token."""


class TrustRootForm(SafeForm):
    """A CA certificate (PEM or DER) the province adds to the trust list."""

    root = FileField(_l("Chứng thư số của tổ chức chứng thực (tệp .pem, .cer, .crt hoặc .der)"),
                     validators=[FileRequired(_l("Chọn tệp chứng thư số."))])
