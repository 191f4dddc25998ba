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
