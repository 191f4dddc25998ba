"""Forms of the tracking pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp

from wardportal.kernel.text_input import SafeForm

PHONE_SUFFIX = Regexp(r"^\s*[0-9]{4}\s*$", message=_l("Nhập đúng 4 chữ số cuối của số điện thoại."))


class LookupForm(SafeForm):
    """The dossier code, and optionally the last four digits of the phone number given."""

    code = StringField(_l("Mã hồ sơ"), validators=[DataRequired(_l("Nhập mã hồ sơ.")), Length(max=60)])
    phone_suffix = StringField(_l("4 chữ số cuối số điện thoại"), validators=[Optional(), PHONE_SUFFIX])


class VerifyForm(SafeForm):
    """The second factor asked on the QR link's page."""

    phone_suffix = StringField(_l("4 chữ số cuối số điện thoại"),
                               validators=[DataRequired(_l("Nhập 4 chữ số cuối của số điện thoại.")), PHONE_SUFFIX])


class SupplementForm(SafeForm):
    """One file for one missing paper."""

    file = FileField(_l("Chọn tệp (PDF, JPG hoặc PNG)"), validators=[FileRequired(_l("Chọn tệp cần nộp bổ sung."))])


class RatingForm(SafeForm):
    """How satisfied the applicant was, once the result is returned."""

    score = RadioField(_l("Mức độ hài lòng"), coerce=int,
                       choices=[SelectChoice(5, _l("Rất hài lòng")), SelectChoice(4, _l("Hài lòng")),
                                SelectChoice(3, _l("Bình thường")), SelectChoice(2, _l("Không hài lòng")),
                                SelectChoice(1, _l("Rất không hài lòng"))],
                       validators=[DataRequired(_l("Chọn mức độ hài lòng."))])
    comment = TextAreaField(_l("Góp ý"), validators=[Optional(), Length(max=1000)])


class UnlockRequestForm(SafeForm):
    """Ask for a one-time code that lifts the lock of a dossier (sent to the applicant's phone and e-mail)."""

    dossier_code = HiddenField(validators=[DataRequired(_l("Nhập mã hồ sơ.")), Length(max=60)])


class UnlockCodeForm(SafeForm):
    """The one-time code the applicant received, for the dossier it was sent for."""

    dossier_code = StringField(_l("Mã hồ sơ"), validators=[DataRequired(_l("Nhập mã hồ sơ.")), Length(max=60)])
    unlock_code = StringField(_l("Mã mở khóa"), validators=[
        DataRequired(_l("Nhập mã mở khóa đã gửi đến ông/bà.")),
        Regexp(r"^\s*[0-9]{6}\s*$", message=_l("Mã mở khóa gồm 6 chữ số."))])
