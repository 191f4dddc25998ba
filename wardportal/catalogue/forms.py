"""The guide editor's forms: a guide, its documents and fees, blank forms, contacts, ward details."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (BooleanField, DateField, EmailField, FieldList, FormField, IntegerField, SelectField,
    StringField, TextAreaField, TimeField)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Length, NumberRange, Optional, Regexp, ValidationError

from wardportal.catalogue.eforms.definition import DefinitionError, parse_condition, parse_questions
from wardportal.kernel.request_args import DateWithin
from wardportal.kernel.text_input import SafeForm, SafeSubform


def questions_to_text(questions) -> str:
    """A guide's questions as the editor shows them: one ``key | question`` a line."""
    return "\n".join(f"{q['key']} | {q['text']}" for q in questions or [])


class DocumentRowForm(SafeSubform):
    """One required document (no CSRF of its own: it lives inside the procedure form)."""

    name = StringField(_l("Tên giấy tờ"), validators=[Optional(), Length(max=1000)])
    original = BooleanField(_l("Bản chính"), default=True)
    copies = IntegerField(_l("Số bản"), default=1, validators=[Optional(), NumberRange(min=1, max=20)])
    note = StringField(_l("Ghi chú"), validators=[Optional(), Length(max=1000)])
    condition = StringField(_l("Chỉ yêu cầu khi"), validators=[Optional(), Length(max=80)])
    optional = BooleanField(_l("Không bắt buộc"))


class FeeRowForm(SafeSubform):
    """One charge of the fee schedule (no CSRF of its own: it lives inside the procedure form)."""

    name = StringField(_l("Khoản thu"), validators=[Length(max=200)])
    amount = IntegerField(_l("Số tiền (đồng)"), validators=[
        Optional(), NumberRange(min=0, max=1_000_000_000, message=_l("Số tiền phải là số nguyên dương (đồng)."))])
    per_copy = BooleanField(_l("Tính theo số bản"))
    urgent_only = BooleanField(_l("Chỉ thu khi giải quyết nhanh"))

    def validate_name(self, field) -> None:
        """A row is blank, or has both its name and its amount."""
        if bool((field.data or "").strip()) != (self.amount.data is not None):
            raise ValidationError(_l("Nhập cả tên khoản thu và số tiền."))


class ProcedureForm(SafeForm):
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
    title_en = StringField(_l("Tên thủ tục bằng tiếng Anh"), validators=[Optional(), Length(max=300)])
    keywords_en = StringField(_l("Từ tìm kiếm tiếng Anh"), validators=[Optional(), Length(max=1000)])
    online_level = SelectField(_l("Mức độ trực tuyến"), choices=[
        SelectChoice("full", _l("Trực tuyến toàn trình")), SelectChoice("partial", _l("Trực tuyến một phần")),
        SelectChoice("none", _l("Chỉ cung cấp thông tin"))])
    is_popular = BooleanField(_l("Hiện trong mục thủ tục hay dùng"))
    questions = TextAreaField(_l("Câu hỏi cho người nộp hồ sơ"), validators=[Optional(), Length(max=5000)])
    documents = FieldList(FormField(DocumentRowForm), min_entries=1, max_entries=60)
    fee_free = BooleanField(_l("Thủ tục không thu phí, lệ phí"))
    fee_items = FieldList(FormField(FeeRowForm), min_entries=2, max_entries=20)
    fee_max_copies = IntegerField(_l("Số bản tối đa một hồ sơ được xin"), default=10, validators=[
        Optional(), NumberRange(min=1, max=100)])

    def fee_schedule(self) -> dict | None:
        """The structured fees: free, the filled-in rows, or None (only the free-text line)."""
        if self.fee_free.data:
            return {"items": []}
        items = [{"name": e.form.name.data.strip(), "amount": e.form.amount.data,
                  **({"per": "copy"} if e.form.per_copy.data else {}),
                  **({"when": "urgent"} if e.form.urgent_only.data else {})}
                 for e in self.fee_items if (e.form.name.data or "").strip() and e.form.amount.data is not None]
        if not items:
            return None
        return {"items": items, "max_copies": self.fee_max_copies.data or 10}

    @staticmethod
    def fee_data(schedule: dict | None) -> dict:
        """Form data for a stored schedule (the keyword arguments of the form's constructor)."""
        if not schedule:
            return {}
        rows = [{"name": i["name"], "amount": i["amount"], "per_copy": i.get("per") == "copy",
                 "urgent_only": i.get("when") == "urgent"} for i in schedule.get("items", [])]
        return {"fee_free": not rows, "fee_items": rows + [{}], "fee_max_copies": schedule.get("max_copies", 10)}

    def __init__(self, *args, obj=None, **kwargs):
        super().__init__(*args, obj=obj, **kwargs)
        if obj is not None and not self.is_submitted():
            self.questions.data = questions_to_text(obj.questions)

    def parsed_questions(self) -> list[dict]:
        """The questions typed one a line as ``key | question``; raises DefinitionError."""
        items, data = [], self.questions.data
        if not isinstance(data, str):
            data = questions_to_text(data)
        for line in data.splitlines():
            if line.strip():
                key, _sep, text = line.partition("|")
                items.append({"key": key.strip(), "text": text.strip()})
        return parse_questions(items)

    def validate(self, extra_validators=None) -> bool:
        """The usual checks, then the questions and each document's condition against them."""
        valid = super().validate(extra_validators)
        try:
            keys = {q["key"] for q in self.parsed_questions()}
        except DefinitionError as problem:
            self.questions.errors = list(self.questions.errors) + [
                _l("Mỗi dòng một câu hỏi dạng “mã | câu hỏi”, mã gồm chữ thường không dấu, số hoặc _ (%(why)s)",
                   why=problem.problem)]
            self._errors = None  # WTForms caches form.errors; recount with the error just added
            return False
        for entry in self.documents:
            try:
                parse_condition(entry.form.condition.data, keys)
            except DefinitionError:
                entry.form.condition.errors = list(entry.form.condition.errors) + [
                    _l("Ghi “mã câu hỏi=có” hoặc “mã câu hỏi=không”, với mã có trong danh sách câu hỏi")]
                entry.form._errors = None  # WTForms caches errors; recount with the one just added
                valid = False
        if any(entry.errors for entry in self.documents):
            self.documents.errors = [entry.errors for entry in self.documents]
        self._errors = None
        return valid

    def values(self) -> dict:
        """The guide's fields as plain values for ``editing.save_procedure``."""
        names = ("code", "title", "field", "summary", "applicants", "steps", "requirements", "processing_days",
                 "fee", "legal_basis", "result", "where_to_submit", "implementing_body", "online_level",
                 "is_popular", "title_en", "keywords_en")
        values = {name: (self[name].data.strip() if isinstance(self[name].data, str) else self[name].data)
                  for name in names}
        values["fee_schedule"] = self.fee_schedule()
        values["questions"] = self.parsed_questions()
        return values

    def document_rows(self) -> list[dict]:
        """The filled-in document rows (blank rows are dropped)."""
        rows = []
        for entry in self.documents:
            name = (entry.form.name.data or "").strip()
            if name:
                keys = {q["key"] for q in self.parsed_questions()}
                rows.append({"name": name, "original": bool(entry.form.original.data),
                             "copies": entry.form.copies.data or 1, "note": (entry.form.note.data or "").strip(),
                             "condition": parse_condition(entry.form.condition.data, keys),
                             "optional": bool(entry.form.optional.data)})
        return rows


class PublishForm(SafeForm):
    """Publishing: the date the published content takes effect."""

    effective_date = DateField(_l("Ngày có hiệu lực"), validators=[InputRequired(_l("Nhập ngày có hiệu lực.")), DateWithin()])


class FormTemplateForm(SafeForm):
    """Uploading a blank form for residents to download."""

    title = StringField(_l("Tên biểu mẫu"), validators=[InputRequired(_l("Nhập tên biểu mẫu.")), Length(max=300)])
    file = FileField(_l("Tệp (PDF, DOC, DOCX hoặc ODT)"), validators=[FileRequired(_l("Chọn tệp biểu mẫu."))])


class ContactForm(SafeForm):
    """An entry of the contact directory."""

    name = StringField(_l("Họ và tên"), validators=[InputRequired(_l("Nhập họ và tên.")), Length(max=200)])
    role = StringField(_l("Chức vụ"), validators=[InputRequired(_l("Nhập chức vụ.")), Length(max=200)])
    field = StringField(_l("Lĩnh vực phụ trách"), validators=[Optional(), Length(max=120)])
    phone = StringField(_l("Số điện thoại"), validators=[
        InputRequired(_l("Nhập số điện thoại.")), Length(max=40),
        Regexp(r"^[0-9 .+()-]+$", message=_l("Số điện thoại chỉ gồm chữ số, dấu cách, dấu chấm."))])
    email = EmailField(_l("Email"), validators=[Optional(), Email(_l("Email không đúng dạng.")), Length(max=200)])
    position = IntegerField(_l("Thứ tự hiển thị"), default=0, validators=[Optional(), NumberRange(min=0, max=999)])


class WardDetailsForm(SafeForm):
    """The ward's public details and the notice on its home page."""

    address = StringField(_l("Địa chỉ trụ sở"), validators=[Optional(), Length(max=300)])
    hours = StringField(_l("Giờ làm việc"), validators=[Optional(), Length(max=300)])
    hotline = StringField(_l("Đường dây nóng"), validators=[Optional(), Length(max=40)])
    email = EmailField(_l("Email"), validators=[Optional(), Email(_l("Email không đúng dạng.")), Length(max=200)])
    notice = TextAreaField(_l("Thông báo trên trang chủ (Markdown)"), validators=[Optional(), Length(max=5000)])
    # Left empty, the ward keeps its cut-off (15:00 unless changed).
    cutoff_time = TimeField(_l("Giờ chốt nhận hồ sơ trong ngày"), format="%H:%M", validators=[Optional()])
