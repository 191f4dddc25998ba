"""Forms of the one-stop desk: queue filters, one form per action, counter registration."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, HiddenField, IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from wardportal.kernel.request_args import DateWithin
from wardportal.kernel.text_input import SafeForm

NOTE = [Optional(), Length(max=2000)]


class QueueFilterForm(SafeForm):
    """The queue's filters, read from the query string (a GET form: no CSRF token)."""

    class Meta:
        csrf = False

    q = StringField(_l("Mã hồ sơ hoặc tên người nộp"), validators=[Optional(), Length(max=100)])
    status = SelectField(_l("Trạng thái"), validators=[Optional()], validate_choice=False)
    procedure = SelectField(_l("Thủ tục"), validators=[Optional()], validate_choice=False)
    field = SelectField(_l("Lĩnh vực"), validators=[Optional()], validate_choice=False)
    officer = SelectField(_l("Cán bộ xử lý"), validators=[Optional()], validate_choice=False)
    due_from = DateField(_l("Hạn trả từ ngày"), validators=[Optional(), DateWithin()])
    due_to = DateField(_l("đến ngày"), validators=[Optional(), DateWithin()])
    sort = HiddenField()


class NotesForm(SafeForm):
    """Notes every action may carry: one the applicant sees, one only staff see."""

    public_note = TextAreaField(_l("Ghi chú gửi người nộp"), validators=NOTE)
    internal_note = TextAreaField(_l("Ghi chú nội bộ"), validators=NOTE)


class RefuseForm(SafeForm):
    """Refusal: one reason per line."""

    reasons = TextAreaField(_l("Lý do từ chối (mỗi lý do một dòng)"),
                            validators=[DataRequired(_l("Nêu lý do từ chối.")), Length(max=2000)])
    internal_note = TextAreaField(_l("Ghi chú nội bộ"), validators=NOTE)


class MultiCheckboxField(SelectMultipleField):
    """Several choices as checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class RequestDocumentsForm(SafeForm):
    """What is missing: papers of the procedure ticked, others typed one per line."""

    listed = MultiCheckboxField(_l("Giấy tờ trong thành phần hồ sơ"), coerce=int, validators=[Optional()])
    others = TextAreaField(_l("Giấy tờ khác cần bổ sung (mỗi giấy tờ một dòng)"), validators=NOTE)
    reason = TextAreaField(_l("Lý do, hướng dẫn bổ sung"), validators=NOTE)
    deadline = DateField(_l("Hạn bổ sung"), validators=[Optional(), DateWithin()])
    internal_note = TextAreaField(_l("Ghi chú nội bộ"), validators=NOTE)


class AssignForm(SafeForm):
    """Who handles the dossier."""

    assignee = SelectField(_l("Cán bộ xử lý"), coerce=int, validators=[DataRequired(_l("Chọn cán bộ."))])
    internal_note = TextAreaField(_l("Ghi chú nội bộ"), validators=NOTE)


class FeesForm(SafeForm):
    """The fees or taxes the applicant must pay."""

    amount = IntegerField(_l("Số tiền phải nộp (đồng)"), validators=[
        Optional(), NumberRange(min=1, max=1_000_000_000, message=_l("Số tiền phải là số nguyên dương (đồng)."))])
    fees_note = TextAreaField(_l("Khoản phí, lệ phí phải nộp và cách nộp"),
                              validators=[DataRequired(_l("Ghi rõ khoản phải nộp.")), Length(max=2000)])
    internal_note = TextAreaField(_l("Ghi chú nội bộ"), validators=NOTE)


class ReasonForm(SafeForm):
    """Withdrawal or stop: the reason the applicant is told."""

    reason = TextAreaField(_l("Lý do"), validators=[DataRequired(_l("Nêu lý do.")), Length(max=2000)])
    internal_note = TextAreaField(_l("Ghi chú nội bộ"), validators=NOTE)


class ResultForm(SafeForm):
    """The result document: a PDF, signed by the ward unless already signed."""

    result = FileField(_l("Tệp kết quả (PDF)"), validators=[FileRequired(_l("Chọn tệp kết quả."))])
    public_note = TextAreaField(_l("Ghi chú gửi người nộp"), validators=NOTE)
    internal_note = TextAreaField(_l("Ghi chú nội bộ"), validators=NOTE)


class ApologyForm(SafeForm):
    """A late dossier: the reason and the new appointment date."""

    new_date = DateField(_l("Ngày hẹn trả kết quả mới"), validators=[DataRequired(_l("Chọn ngày hẹn mới.")), DateWithin()])
    reason = TextAreaField(_l("Lý do chậm trễ"), validators=[DataRequired(_l("Nêu lý do chậm trễ.")),
                                                             Length(max=2000)])
    internal_note = TextAreaField(_l("Ghi chú nội bộ"), validators=NOTE)


class CounterForm(SafeForm):
    """A dossier brought to the desk: the same applicant details as the online form."""

    procedure = SelectField(_l("Thủ tục"), coerce=int, validators=[DataRequired(_l("Chọn thủ tục."))])
    full_name = StringField(_l("Họ và tên người nộp"), validators=[Length(max=200)])
    citizen_id = StringField(_l("Số định danh cá nhân (CCCD)"), validators=[Length(max=12)])
    birth_date = StringField(_l("Ngày sinh (ngày/tháng/năm)"), validators=[Length(max=10)])
    phone = StringField(_l("Số điện thoại"), validators=[Length(max=20)])
    email = StringField(_l("Thư điện tử"), validators=[Length(max=200)])
    address = TextAreaField(_l("Địa chỉ"), validators=[Length(max=500)])
    delivery_method = SelectField(_l("Cách nhận kết quả"), choices=[
        SelectChoice("office", _l("Nhận trực tiếp tại Bộ phận Một cửa")),
        SelectChoice("post", _l("Nhận qua dịch vụ bưu chính")),
        SelectChoice("online", _l("Nhận trực tuyến (tải về từ trang tra cứu)"))])
    submission_key = HiddenField()
