"""The two workflow races on PostgreSQL, with threads holding their own connections (issue 12).

Without the row lock two officers could "receive" and "refuse" the same dossier at once and both
succeed, and two supplements uploaded at once could leave the dossier waiting in status 5 for ever.
"""

import io

from wardportal.dossiers import workflow
from wardportal.dossiers.models import Dossier, DossierEvent
from wardportal.dossiers.workflow import DossierChanged, MissingItem
from wardportal.kernel.extensions import db
from wardportal.staff.models import Ward

from .concurrency import race
from .postgres_support import postgres_app  # noqa: F401  (fixture)
from .staff_factories import make_staff
from .workflow_factories import PDF, make_dossier


def _setup(app, status=1):
    """A ward, two officers and a dossier in `status`; returns their ids."""
    with app.app_context():
        ward = Ward(slug="phuong-pg", name="Phường PG", unit_code="H01.01")
        db.session.add(ward)
        db.session.commit()
        first = make_staff(ward, email="an@example.vn", roles={"officer"}, full_name="Nguyễn Văn An")
        second = make_staff(ward, email="binh@example.vn", roles={"officer"}, full_name="Lê Thị Bình")
        dossier = make_dossier(ward, status=status)
        ids = dossier.id, first.id, second.id
        db.session.remove()
    return ids


def test_receive_and_refuse_at_once_one_wins_the_other_is_told_who(postgres_app):
    """Receive and refuse race 10 times: each time exactly one step is recorded, the loser hears who won."""
    from wardportal.staff.models import StaffUser
    for _round in range(10):
        with postgres_app.app_context():
            db.session.execute(db.text("TRUNCATE ward, staff_user RESTART IDENTITY CASCADE"))
            db.session.commit()
        dossier_id, first_id, second_id = _setup(postgres_app)

        def receive():
            dossier = db.session.get(Dossier, dossier_id)
            return workflow.receive(dossier, db.session.get(StaffUser, first_id)).action

        def refuse():
            dossier = db.session.get(Dossier, dossier_id)
            return workflow.refuse(dossier, db.session.get(StaffUser, second_id), reasons=["Thiếu giấy tờ"]).action

        results, errors = race(postgres_app, [receive, refuse])
        assert len(results) == 1 and len(errors) == 1, (results, errors)
        (error,) = errors
        assert isinstance(error, DossierChanged)
        winner = "Nguyễn Văn An" if results == ["receive"] else "Lê Thị Bình"
        assert error.by == winner and winner in str(error)
        with postgres_app.app_context():
            events = db.session.scalars(db.select(DossierEvent.action)
                                        .where(DossierEvent.dossier_id == dossier_id)).all()
            assert events == results
            assert db.session.get(Dossier, dossier_id).status == (2 if results == ["receive"] else 3)


def test_two_supplements_at_once_resume_the_dossier(postgres_app):
    """Two missing papers uploaded at the same moment: both kept, and the dossier leaves status 5."""
    from wardportal.staff.models import StaffUser
    from wardportal.dossiers.models import MissingDocument
    dossier_id, officer_id, _ = _setup(postgres_app, status=1)
    with postgres_app.app_context():
        dossier = db.session.get(Dossier, dossier_id)
        officer = db.session.get(StaffUser, officer_id)
        workflow.receive(dossier, officer)
        workflow.request_documents(dossier, officer, missing=[MissingItem("Bản sao CCCD"),
                                                              MissingItem("Giấy chứng sinh")])
        missing_ids = [m.id for m in db.session.scalars(db.select(MissingDocument).order_by(MissingDocument.id))]
        db.session.remove()

    def upload(missing_id):
        def step():
            dossier = db.session.get(Dossier, dossier_id)
            return workflow.attach_supplement(dossier, missing_id, stream=io.BytesIO(PDF), filename="a.pdf").action
        return step

    results, errors = race(postgres_app, [upload(missing_ids[0]), upload(missing_ids[1])])
    assert errors == [] and sorted(results) == ["documents_supplied", "supplement_uploaded"]
    with postgres_app.app_context():
        dossier = db.session.get(Dossier, dossier_id)
        assert dossier.status == 4 and workflow.open_document_request(dossier) is None
        assert all(m.file_id is not None for m in db.session.scalars(db.select(MissingDocument)))
