"""Forms of the application steps; every check is the domain's (`submissions.check_field`)."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from wardportal.dossiers import submissions
from wardportal.kernel.text_input import SafeForm

DELIVERY_LABELS = {
    "office": _l("Nhận trực tiếp tại Bộ phận Một cửa của phường, xã"),
    "post": _l("Nhận qua bưu điện tại địa chỉ đã khai"),
    "online": _l("Nhận trực tuyến: tải kết quả đã ký số từ trang tra cứu"),
}


def domain_check(form, field) -> None:
    """Run the submission rules on one field (the citizen ID is checked against the birth date)."""
    answers = {name: f.data or "" for name, f in form._fields.items()}
    _, error = submissions.check_field(field.name, field.data or "", answers)
    if error:
        raise ValidationError(str(error))


class ApplicantForm(SafeForm):
    """Who is applying."""

    full_name = StringField(_l("Họ và tên"), validators=[domain_check],
                            render_kw={"autocomplete": "name", "spellcheck": "false"})
    citizen_id = StringField(_l("Số định danh cá nhân (số CCCD)"), validators=[domain_check],
                             render_kw={"inputmode": "numeric", "autocomplete": "off", "maxlength": "20"})
    birth_date = StringField(_l("Ngày sinh"), validators=[domain_check],
                             render_kw={"autocomplete": "bday", "inputmode": "numeric"})
    phone = StringField(_l("Số điện thoại"), validators=[domain_check],
                        render_kw={"type": "tel", "autocomplete": "tel"})
    email = StringField(_l("Thư điện tử"), validators=[domain_check],
                        render_kw={"type": "email", "autocomplete": "email", "spellcheck": "false"})
    address = TextAreaField(_l("Địa chỉ nơi ở"), validators=[domain_check],
                            render_kw={"autocomplete": "street-address", "rows": "3"})


class DeliveryForm(SafeForm):
    """How the applicant wants the result."""

    delivery_method = RadioField(_l("Cách nhận kết quả"), validators=[domain_check], validate_choice=False)
    postal_address = TextAreaField(_l("Địa chỉ nhận kết quả qua bưu điện"))
    fee_copies = SelectField(_l("Số bản kết quả cần cấp"), choices=[SelectChoice(str(n), str(n)) for n in range(1, 11)],
                             validate_choice=False)
    fee_urgent = BooleanField(_l("Đề nghị giải quyết nhanh (có thu thêm phí)"))

    def set_choices(self, methods) -> None:
        """Offer only the methods the procedure allows."""
        self.delivery_method.choices = [(m, DELIVERY_LABELS[m]) for m in methods]


class Problems:
    """An error list for the summary macro on pages that are not a WTForms form (uploads, review)."""

    def __init__(self, errors: dict):
        self.errors = {key: [str(value)] for key, value in errors.items()}

    def __contains__(self, name) -> bool:
        return False
