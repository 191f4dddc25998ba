"""Every staff route of the app with arguments built from real rows, for the enumeration tests.

``staff_rules(app)`` lists the url_map's staff rules (``/can-bo/`` and ``/<ward>/can-bo/``); ``StaffWorld``
creates one of each thing a staff URL names (dossier with a file and a slip, procedure with a form, feedback
report with a photo, publication, contact, synonym) so that most GETs reach their view; ``url(rule)`` builds the
URL (an argument with no row behind it gets 1 and may answer 404, which the tests allow).
"""

import io
from datetime import datetime, timezone

from PIL import Image
from sqlalchemy import select

from wardportal.dossiers import workflow
from wardportal.dossiers.models import DossierEvent
from wardportal.feedback.models import FeedbackReport
from wardportal.feedback.reports import save_category
from wardportal.kernel.extensions import db
from wardportal.kernel.http_headers import is_staff_path

from .publication_support import notice
from .staff_factories import make_staff, settle
from .workflow_factories import make_dossier, stored_file

REPORTER_NAME = "Lê Thị Phản Ánh"
REPORTER_PHONE = "0912 000 777"
APPLICANT_NAME = "Trần Văn Hồ Sơ"


def staff_rules(app) -> list:
    """The url_map's rules under ``/can-bo/`` or ``/<ward>/can-bo/``, in a stable order."""
    rules = [rule for rule in app.url_map.iter_rules()
             if is_staff_path(rule.rule.replace("<ward_slug>", "phuong"))]
    return sorted(rules, key=lambda rule: (rule.rule, rule.endpoint))


def photo() -> bytes:
    """A small JPEG, as a phone sends it."""
    out = io.BytesIO()
    Image.new("RGB", (32, 24), (30, 120, 30)).save(out, "JPEG")
    return out.getvalue()


class StaffWorld:
    """One ward with a row behind (nearly) every kind of staff URL argument, and a user holding every role."""

    def __init__(self, app, make, client, slug="phuong-mot", require_two_step=False):
        self.ward = make.ward(slug=slug, require_two_step=require_two_step)
        self.user = make_staff(self.ward, roles=("admin", "editor", "officer", "leader"), province_admin=True,
                               totp=True)
        self.procedure = make.procedure(self.ward)
        self.form = make.form(self.procedure)
        self.contact = make.contact(self.ward)
        self.dossier = make_dossier(self.ward, self.procedure, name=APPLICANT_NAME)
        workflow.receive(self.dossier, self.user, now=datetime(2026, 11, 23, 2, tzinfo=timezone.utc))
        self.file = stored_file(app, self.dossier)
        self.event_id = db.session.scalar(select(DossierEvent.id).where(DossierEvent.dossier_id == self.dossier.id))
        self.publication = notice(self.ward, self.user)
        save_category(self.ward, "Môi trường")
        db.session.commit()
        client.post(f"/{slug}/phan-anh/gui", data={
            "category": "pa-moi-truong", "description": "Rác tồn đọng ở chợ", "reporter_name": REPORTER_NAME,
            "reporter_phone": REPORTER_PHONE, "reporter_email": "phan-anh@example.vn",
            "photo": (io.BytesIO(photo()), "anh.jpg")}, content_type="multipart/form-data")
        self.report = db.session.scalar(select(FeedbackReport).where(FeedbackReport.ward_id == self.ward.id))
        assert self.report is not None and self.report.photo_name, "the feedback report was not stored"
        settle(self.ward, self.user, self.dossier, self.report)
        self.values = {
            "ward_slug": slug, "dossier_id": self.dossier.id, "file_id": self.file.id, "event_id": self.event_id,
            "procedure_id": self.procedure.id, "form_id": self.form.id, "number": 1,
            "publication_id": self.publication.id, "kind_slug": "thong-bao", "contact_id": self.contact.id,
            "staff_id": self.user.id, "report_id": self.report.id, "name": "tiep-nhan",
        }

    def url(self, rule) -> str:
        """The rule's URL with this world's rows (1 for an argument nothing here names)."""
        values = {argument: self.values.get(argument, 1) for argument in rule.arguments}
        return rule.build(values, append_unknown=False)[1]
