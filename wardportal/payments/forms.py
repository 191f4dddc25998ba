"""Forms of fees and delivery: the ward's account, payments at the counter, statements, review, posting."""

from flask_babel import lazy_gettext as _l
from wardportal.kernel.request_args import DateWithin
from wardportal.kernel.text_input import SafeForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp

from wardportal.catalogue.fees import MAX_AMOUNT

AMOUNT = [InputRequired(_l("Nhập số tiền (đồng).")),
          NumberRange(min=1, max=MAX_AMOUNT, message=_l("Số tiền phải là số nguyên dương (đồng)."))]


class AccountForm(SafeForm):
    """The ward's treasury account for VietQR transfers, and its postage."""

    bank_bin = StringField(_l("Mã BIN ngân hàng (6 chữ số)"), validators=[
        DataRequired(_l("Nhập mã BIN của ngân hàng.")), Regexp(r"^\d{6}$", message=_l("Mã BIN gồm 6 chữ số."))])
    bank_name = StringField(_l("Tên ngân hàng"), validators=[DataRequired(_l("Nhập tên ngân hàng.")),
                                                             Length(max=120)])
    account_number = StringField(_l("Số tài khoản"), validators=[
        DataRequired(_l("Nhập số tài khoản.")),
        Regexp(r"^[0-9A-Za-z]{1,19}$", message=_l("Số tài khoản gồm tối đa 19 chữ số hoặc chữ cái."))])
    account_name = StringField(_l("Tên chủ tài khoản"), validators=[DataRequired(_l("Nhập tên chủ tài khoản.")),
                                                                    Length(max=120)])
    postage = IntegerField(_l("Cước gửi kết quả qua bưu điện (đồng)"), default=0, validators=[
        Optional(), NumberRange(min=0, max=1_000_000, message=_l("Cước phí từ 0 đến 1.000.000 đồng."))])


class CounterPaymentForm(SafeForm):
    """Money taken at the counter (or a transfer confirmed by other means)."""

    amount = IntegerField(_l("Số tiền (đồng)"), validators=AMOUNT)
    paid_on = DateField(_l("Ngày nộp"), validators=[InputRequired(_l("Nhập ngày nộp.")), DateWithin()])
    method = RadioField(_l("Hình thức"), choices=[SelectChoice("cash", _l("Tiền mặt")),
                                                  SelectChoice("bank", _l("Chuyển khoản"))],
                        default="cash", validators=[InputRequired(_l("Chọn hình thức nộp."))])
    reference = StringField(_l("Số chứng từ hoặc mã giao dịch"), validators=[Optional(), Length(max=120)])


class RequestFeesForm(SafeForm):
    """Ask the applicant to pay: the schedule's amount, or the amount the officer states."""

    amount = IntegerField(_l("Số tiền phải nộp (đồng)"), validators=[
        Optional(), NumberRange(min=1, max=MAX_AMOUNT, message=_l("Số tiền phải là số nguyên dương (đồng)."))])
    note = TextAreaField(_l("Khoản phí, lệ phí và cách nộp"), validators=[Optional(), Length(max=2000)])


class StatementForm(SafeForm):
    """A bank statement to reconcile."""

    layout = SelectField(_l("Mẫu sao kê"), validators=[DataRequired(_l("Chọn mẫu sao kê."))])
    file = FileField(_l("Tệp sao kê (CSV)"), validators=[FileRequired(_l("Chọn tệp sao kê."))])


class DecisionForm(SafeForm):
    """An officer's decision on money no automatic step applied (credits.decide checks the combinations)."""

    decision = RadioField(_l("Quyết định"), choices=[
        SelectChoice("apply", _l("Ghi nhận là tiền phí của hồ sơ (không quá số còn phải nộp; phần thừa chờ hoàn trả)")),
        SelectChoice("refund", _l("Đã hoàn trả cho người nộp")),
        SelectChoice("reject", _l("Không ghi nhận (xử lý khác, ghi rõ lý do)"))],
        validators=[InputRequired(_l("Chọn ghi nhận, hoàn trả hoặc không ghi nhận."))])
    dossier_code = StringField(_l("Mã hồ sơ"), validators=[Optional(), Length(max=60)])
    refund_reference = StringField(_l("Mã giao dịch hoàn tiền"), validators=[Optional(), Length(max=120)])
    note = StringField(_l("Lý do"), validators=[DataRequired(_l("Ghi rõ lý do quyết định.")), Length(max=500)])


class PostingForm(SafeForm):
    """The result went out by post."""

    tracking_number = StringField(_l("Số hiệu bưu gửi"), validators=[
        DataRequired(_l("Nhập số hiệu bưu gửi.")), Length(max=60)])
