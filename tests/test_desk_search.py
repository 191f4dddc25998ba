"""The desk search finds a dossier by part of its code or by a name typed without diacritics (issue 27).

Run on SQLite and on PostgreSQL (the folded name is a plain indexed column, so both engines match alike).
"""

import pytest
from sqlalchemy import select

from wardportal.dossiers import queries
from wardportal.dossiers.models import Dossier
from wardportal.kernel.extensions import db
from wardportal.staff.models import Ward

from .postgres_support import postgres_app  # noqa: F401  (fixture)
from .workflow_factories import make_dossier

# (typed, the names of the dossiers it must find)
SEARCHES = [
    ("0002", {"Lê Văn Tám"}),
    ("2", {"Lê Văn Tám"}),
    ("261208-0002", {"Lê Văn Tám"}),
    ("261208 0002", {"Lê Văn Tám"}),
    ("2612080002", {"Lê Văn Tám"}),
    ("261208", {"Lê Văn Tám", "Nguyễn Thị Ánh"}),
    ("H29.1-2612", {"Lê Văn Tám", "Nguyễn Thị Ánh"}),
    ("h29.1-261208-0002", {"Lê Văn Tám"}),
    ("le van tam", {"Lê Văn Tám"}),
    ("LE VAN TAM", {"Lê Văn Tám"}),
    ("Lê Văn Tám", {"Lê Văn Tám"}),
    ("van tam", {"Lê Văn Tám"}),
    ("nguyen thi anh", {"Nguyễn Thị Ánh"}),
    ("Đỗ Kỳ", {"Đỗ Kỳ Duyên"}),
    ("do ki", {"Đỗ Kỳ Duyên"}),
    ("0009", set()),
    ("tam van", set()),
    ("%", set()),
    ("_", set()),
]


def _seed():
    """A ward with three dossiers (and another ward whose dossier must never be found); the ward."""
    ward, other = Ward(slug="phuong-tim", name="Phường Tìm", unit_code="H29.1"), \
        Ward(slug="phuong-khac", name="Phường Khác", unit_code="H29.2")
    db.session.add_all([ward, other])
    db.session.commit()
    make_dossier(ward, name="Lê Văn Tám", code="H29.1-261208-0002")
    make_dossier(ward, name="Nguyễn Thị Ánh", code="H29.1-261208-0013")
    make_dossier(ward, name="Đỗ Kỳ Duyên", code="H29.1-261130-0001")
    make_dossier(other, name="Lê Văn Tám", code="H29.2-261208-0002")
    return ward


def _found(ward, typed):
    page = queries.queue(ward, queries.QueueFilters(q=typed))
    return {d.applicant_name for d in page.items}


def _check_every_search():
    ward = _seed()
    for typed, names in SEARCHES:
        assert _found(ward, typed) == names, typed
    assert all(d.ward_id == ward.id for d in queries.queue(ward, queries.QueueFilters(q="le van tam")).items)


def test_desk_search_finds_partial_codes_and_unaccented_names_on_sqlite(app):
    _check_every_search()


def test_desk_search_finds_partial_codes_and_unaccented_names_on_postgresql(postgres_app):
    with postgres_app.app_context():
        _check_every_search()
        db.session.remove()


def test_renaming_an_applicant_refolds_the_name(app, make):
    ward = make.ward(slug="phuong-doi")
    dossier = make_dossier(ward, name="Trần Văn Bình")
    dossier.applicant_name = "Hoàng Thị Lý"
    db.session.commit()
    assert db.session.scalar(select(Dossier.applicant_name_folded).where(Dossier.id == dossier.id)) == "hoang thi li"
    assert _found(ward, "hoang thi ly") == {"Hoàng Thị Lý"}


def _upgrade_with_an_old_dossier(app):
    """Migrate to just before 0125, store a dossier the old way, upgrade: its folded name is filled in."""
    from datetime import datetime, timezone

    from flask_migrate import upgrade
    from sqlalchemy import text

    from wardportal.kernel.database import MIGRATIONS_DIR
    with app.app_context():
        upgrade(directory=str(MIGRATIONS_DIR), revision="0121")
        with db.engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO ward (slug, name, name_en, unit_code, province, address, hours, hotline, email, notice, "
                "created_at) VALUES ('xa-cu', 'Xã Cũ', '', 'XC', '', '', '', '', '', '', :now)"),
                {"now": datetime.now(timezone.utc)})
            connection.execute(text(
                "INSERT INTO dossier (ward_id, code, code_tail, tracking_token, status, channel, procedure_snapshot, "
                "applicant_name, applicant_id_number, applicant_phone, applicant_email, applicant_address, "
                "extra_fields, delivery_method, submitted_at, rating_comment, phone_failures) "
                "SELECT id, 'XC-261208-0002', '261208-0002', 'tok', 1, 'online', '{}', 'Lê Văn Tám', "
                "'001090000001', '0912000111', '', '', '{}', 'office', :now, '', 0 FROM ward"),
                {"now": datetime.now(timezone.utc)})
        upgrade(directory=str(MIGRATIONS_DIR), revision="head")
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT applicant_name_folded FROM dossier")).scalar() == "le van tam"
        ward = db.session.scalar(select(Ward).where(Ward.slug == "xa-cu"))
        assert _found(ward, "le van tam") == {"Lê Văn Tám"}
        db.session.remove()
        db.engine.dispose()


def test_migration_folds_existing_names_on_sqlite(tmp_path):
    from .conftest import make_app
    folder = tmp_path / "old-install"
    folder.mkdir()
    _upgrade_with_an_old_dossier(make_app(folder))


def test_migration_folds_existing_names_on_postgresql(tmp_path):
    from .conftest import make_app
    from .postgres_support import emptied_postgres
    url = emptied_postgres()
    folder = tmp_path / "old-install"
    folder.mkdir()
    _upgrade_with_an_old_dossier(make_app(folder, SQLALCHEMY_DATABASE_URI=url))
