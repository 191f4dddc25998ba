"""Forms of residents' feedback: the report, the staff handling, the categories."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, EmailField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, ValidationError

from wardportal.dossiers.submissions import normalise_phone
from wardportal.feedback.reports import MAX_DESCRIPTION
from wardportal.kernel.request_args import FiniteDecimalField
from wardportal.kernel.text_input import SafeForm

STATUS_LABELS = {
    "new": _l("Mới tiếp nhận"),
    "assigned": _l("Đang xử lý"),
    "answered": _l("Đã trả lời"),
    "closed": _l("Đã đóng"),
}


def phone_number(form, field) -> None:
    """A number the ward can call back: a Vietnamese mobile or landline, as the application form asks."""
    if field.data and normalise_phone(field.data) is None:
        raise ValidationError(_l("Nhập số điện thoại di động 10 chữ số (ví dụ 0912 345 678) hoặc số cố định "
                                 "có mã vùng (ví dụ 0218 3852 123)"))


# The checks of a report's text, shared by the web form and Open311 (`open311.forms`): one rule, two doors.
DESCRIPTION_RULES = (DataRequired(_l("Nhập nội dung phản ánh.")),
                     Length(max=MAX_DESCRIPTION, message=_l("Nội dung dài tối đa %(max)d ký tự.")))
ADDRESS_RULES = (Optional(), Length(max=300))
NAME_RULES = (Optional(), Length(max=200))
PHONE_RULES = (Optional(), Length(max=20), phone_number)
EMAIL_RULES = (Optional(), Email(_l("Email không đúng dạng.")), Length(max=200))


class ReportForm(SafeForm):
    """A resident reports a problem."""

    category = SelectField(_l("Lĩnh vực phản ánh"), validators=[DataRequired(_l("Chọn lĩnh vực phản ánh."))])
    description = TextAreaField(_l("Nội dung phản ánh, kiến nghị"), validators=list(DESCRIPTION_RULES))
    address_text = StringField(_l("Địa điểm"), validators=list(ADDRESS_RULES))
    latitude = FiniteDecimalField(_l("Vĩ độ"), places=None, validators=[
        Optional(), NumberRange(-90, 90, _l("Vĩ độ từ -90 đến 90."))])
    longitude = FiniteDecimalField(_l("Kinh độ"), places=None, validators=[
        Optional(), NumberRange(-180, 180, _l("Kinh độ từ -180 đến 180."))])
    photo = FileField(_l("Ảnh chụp"))
    reporter_name = StringField(_l("Họ và tên"), validators=list(NAME_RULES))
    reporter_phone = StringField(_l("Số điện thoại"), validators=list(PHONE_RULES))
    reporter_email = EmailField(_l("Email"), validators=list(EMAIL_RULES))

    def validate(self, extra_validators=None) -> bool:
        """Coordinates come as a pair."""
        ok = super().validate(extra_validators)
        if (self.latitude.data is None) != (self.longitude.data is None):
            (self.longitude if self.longitude.data is None else self.latitude).errors.append(
                _l("Nhập cả vĩ độ và kinh độ, hoặc để trống cả hai."))
            ok = False
        return ok


class LookupForm(SafeForm):
    """Find one's report by its code."""

    class Meta:
        csrf = False  # a GET form that changes nothing

    code = StringField(_l("Mã phản ánh"), validators=[DataRequired(_l("Nhập mã phản ánh.")), Length(max=20)])


class HandleForm(SafeForm):
    """Staff triage, assign, answer or close."""

    status = SelectField(_l("Trạng thái"), choices=[SelectChoice(k, v) for k, v in STATUS_LABELS.items()])
    assigned_to = SelectField(_l("Giao cho"), coerce=int)
    public_answer = TextAreaField(_l("Trả lời công khai"), validators=[Optional(), Length(max=4000)])
    internal_note = TextAreaField(_l("Ghi chú nội bộ"), validators=[Optional(), Length(max=4000)])


class CategoryForm(SafeForm):
    """A feedback category of the ward."""

    name = StringField(_l("Tên lĩnh vực"), validators=[DataRequired(_l("Nhập tên lĩnh vực.")), Length(max=200)])
    description = TextAreaField(_l("Mô tả"), validators=[Optional(), Length(max=1000)])
    active = BooleanField(_l("Đang nhận phản ánh"), default=True)
