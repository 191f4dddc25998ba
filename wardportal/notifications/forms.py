"""The outbox page's forms."""

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import InputRequired, Length

from wardportal.kernel.text_input import SafeForm


class DropMessageForm(SafeForm):
    """Never send one outbox message: the reason is kept with it."""

    reason = StringField(_l("Lý do không gửi"), validators=[
        InputRequired(_l("Nhập lý do không gửi tin này.")), Length(max=300, message=_l("Lý do tối đa 300 ký tự."))])
