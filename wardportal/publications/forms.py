"""Forms of the editors' publication pages (CSRF-protected, Vietnamese messages)."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import DateField, DateTimeLocalField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from wardportal.kernel.request_args import DateWithin
from wardportal.kernel.text_input import SafeForm
from wardportal.search.folding import words


class PublicationForm(SafeForm):
    """Every field of a publication; the view drops the ones its kind does not use."""

    title = StringField(_l("Tiêu đề"), validators=[InputRequired(_l("Nhập tiêu đề.")), Length(max=300)])
    summary = TextAreaField(_l("Tóm tắt"), validators=[Optional(), Length(max=1000)])
    body = TextAreaField(_l("Nội dung"), validators=[Optional(), Length(max=50_000)])
    field = StringField(_l("Lĩnh vực"), validators=[Optional(), Length(max=120)])
    valid_until = DateField(_l("Có hiệu lực đến ngày"), validators=[Optional(), DateWithin()])
    doc_number = StringField(_l("Số, ký hiệu"), validators=[Length(max=80)])
    doc_type = StringField(_l("Loại văn bản"), validators=[Length(max=80)])
    issued_on = DateField(_l("Ngày ban hành"), validators=[Optional(), DateWithin()])
    signer = StringField(_l("Người ký"), validators=[Length(max=200)])
    picture = FileField(_l("Ảnh minh họa"))
    image_alt = StringField(_l("Mô tả ảnh cho người khiếm thị"), validators=[Length(max=300)])
    pdf = FileField(_l("Tệp văn bản (PDF)"))

    KIND_FIELDS = {
        "notice": ("title", "summary", "body", "field", "valid_until"),
        "news": ("title", "summary", "body", "field", "picture", "image_alt"),
        "document": ("title", "doc_number", "doc_type", "issued_on", "signer", "field", "summary", "pdf"),
    }

    def for_kind(self, kind: str) -> "PublicationForm":
        """Remove the fields this kind does not have (they are neither shown nor validated)."""
        for name in list(self._fields):
            if name != "csrf_token" and name not in self.KIND_FIELDS[kind]:
                delattr(self, name)
        if kind == "document":
            for name in ("doc_number", "doc_type", "issued_on", "signer"):
                self[name].validators = [InputRequired(_l("Điền thông tin này của văn bản.")),
                                         *(v for v in self[name].validators if not isinstance(v, Optional))]
                self[name].flags.required = True
        return self

    def validate_doc_number(self, field):
        """A number has at least a digit or letter group (123/QĐ-UBND)."""
        if field.data and not words(field.data):
            raise ValidationError(_l("Số, ký hiệu không hợp lệ, ví dụ đúng: 123/QĐ-UBND."))

    def values(self) -> dict:
        """The typed values by field name, as the domain functions take them."""
        return {name: (f.data.strip() if isinstance(f.data, str) else f.data)
                for name, f in self._fields.items() if name not in ("csrf_token", "picture", "pdf")}


class PublishForm(SafeForm):
    """Publish now, or at a date and time (ward time)."""

    publish_at = DateTimeLocalField(_l("Công bố vào lúc"), format=["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"],
                                    validators=[Optional(), DateWithin()])
