"""The guide editor: yes/no questions, documents asked only for an answer or optional, and the warning when
"where to submit" contradicts the online level."""

from wardportal.catalogue.models import Procedure
from wardportal.kernel.extensions import db

from .staff_factories import unexpiring_session  # noqa: F401  (autouse fixture)
from .test_staff_editor import GUIDE, editor, new_guide, url  # noqa: F401  (fixture)

CASE = {"questions": "nop_thay | Bạn nộp thay cho người khác?",
        "documents-2-name": "Văn bản ủy quyền", "documents-2-copies": "1", "documents-2-condition": "nop_thay=có",
        "documents-1-optional": "y"}


def test_editor_saves_questions_and_document_conditions(client, editor):
    ward, _user = editor
    procedure = new_guide(client, ward, **CASE)
    assert procedure.questions == [{"key": "nop_thay", "text": "Bạn nộp thay cho người khác?", "hint": ""}]
    assert [(d.name, d.condition, d.optional) for d in procedure.documents] == [
        ("Tờ khai tử", "", False), ("Giấy báo tử", "", True), ("Văn bản ủy quyền", "nop_thay=yes", False)]
    page = client.get(url(client, "staff.edit_procedure", ward_slug=ward.slug, procedure_id=procedure.id)).text
    assert "nop_thay | Bạn nộp thay cho người khác?" in page and 'value="nop_thay=yes"' in page


def test_a_condition_naming_no_question_is_refused(client, editor):
    ward, _user = editor
    response = client.post(url(client, "staff.new_procedure", ward_slug=ward.slug),
                           data=dict(GUIDE, **dict(CASE, **{"documents-2-condition": "ket_hon=có"})))
    assert response.status_code == 422
    assert "với mã có trong danh sách câu hỏi" in response.text
    assert db.session.scalar(db.select(Procedure).where(Procedure.code == GUIDE["code"])) is None


def test_editor_warns_when_residents_are_sent_to_the_national_portal(client, editor):
    ward, _user = editor
    procedure = new_guide(client, ward, where_to_submit="Nộp trực tuyến qua Cổng Dịch vụ công quốc gia.")
    page = client.get(url(client, "staff.edit_procedure", ward_slug=ward.slug, procedure_id=procedure.id)).text
    assert "Cần xem lại" in page and "nhận hồ sơ trực tuyến ngay trên cổng của phường" in page
    procedure = new_guide(client, ward, code="1.000656", where_to_submit="Tại Bộ phận Một cửa.")
    page = client.get(url(client, "staff.edit_procedure", ward_slug=ward.slug, procedure_id=procedure.id)).text
    assert "Cần xem lại" not in page
