"""Every server's index follows the database's change log; no code path wipes an index in use (issue 12)."""

import shutil

import pytest

from wardportal.catalogue.models import Procedure
from wardportal.kernel.extensions import db
from wardportal.search.catalogue_index import procedure_doc, search_backend
from wardportal.search.index_store import IndexBusy
from wardportal.search.models import SearchChange

from ..conftest import make_app


@pytest.fixture
def app_settings():
    """Check the change log before every search (production: at most once a second)."""
    return {"SEARCH_SYNC_INTERVAL": 0}


@pytest.fixture
def second_server(app, tmp_path):
    """Another app on the same database with its own instance folder (its own index), as server B."""
    folder = tmp_path / "server-b"
    folder.mkdir()
    other = make_app(folder, SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"], SEARCH_SYNC_INTERVAL=0)
    yield other
    with other.app_context():
        other.extensions["search"].close_all()
        db.engine.dispose()


def _codes(server, ward_id, query):
    """Codes found by searching `query` on `server` (in its own app context, as a request would)."""
    db.session.commit()  # end server A's transaction: on SQLite it holds the write lock
    with server.app_context():
        page = search_backend().search(ward_id, query)
        codes = [r.code for r in page.results]
        db.session.remove()
        return codes


def test_edit_publish_unpublish_on_one_server_reach_the_other(app, make, second_server):
    """Changes committed through server A are found or gone on server B at its next search."""
    ward = make.ward()
    procedure = make.procedure(ward, code="1.000001", title="Đăng ký khai sinh")
    db.session.commit()
    assert _codes(second_server, ward.id, "khai sinh") == ["1.000001"]
    procedure.title = "Đăng ký kết hôn"
    db.session.commit()
    ward_id = ward.id
    assert _codes(second_server, ward_id, "ket hon") == ["1.000001"]
    with second_server.app_context():
        (result,) = search_backend().search(ward_id, "ket hon").results
        assert result.title == "Đăng ký kết hôn"
        db.session.remove()
    procedure.is_published = False
    db.session.commit()
    assert _codes(second_server, ward.id, "ket hon") == []
    procedure.is_published = True
    procedure.code = "1.000002"  # a renamed guide leaves nothing under its old code
    db.session.commit()
    assert _codes(second_server, ward.id, "ket hon") == ["1.000002"]
    db.session.delete(procedure)
    db.session.commit()
    assert _codes(second_server, ward.id, "ket hon") == []
    latest = db.session.scalar(db.select(db.func.max(SearchChange.id)))
    db.session.commit()
    with second_server.app_context():
        backend = second_server.extensions["search"]
        assert backend.applied_generation() == latest


def test_rolled_back_change_is_not_logged(app, make):
    """The log is written in the change's own transaction: a rollback leaves no entry."""
    ward = make.ward()
    db.session.commit()
    before = db.session.scalar(db.select(db.func.count()).select_from(SearchChange))
    db.session.add(Procedure(ward=ward, code="9.9", title="Nháp", field="Khác", field_slug="khac",
                             processing_days=1))
    db.session.flush()
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count()).select_from(SearchChange)) == before


def test_stale_index_is_rebuilt_while_serving(app, make, second_server):
    """A STALE marker (an update that could not be written) is noticed and repaired at the next search."""
    ward = make.ward()
    make.procedure(ward, code="1.000001", title="Đăng ký khai sinh")
    db.session.commit()
    assert _codes(second_server, ward.id, "khai sinh") == ["1.000001"]
    with second_server.app_context():
        backend = second_server.extensions["search"]
        (backend.index_dir / "STALE").touch()
    make.procedure(ward, code="1.000003", title="Khai sinh có yếu tố nước ngoài")
    db.session.commit()
    assert sorted(_codes(second_server, ward.id, "khai sinh")) == ["1.000001", "1.000003"]
    with second_server.app_context():
        assert not (backend.index_dir / "STALE").exists()


def test_missing_index_is_rebuilt_from_the_database(app, make, second_server):
    """A server whose index folder is gone builds it again (with the current generation) when searched."""
    ward = make.ward()
    make.procedure(ward, code="1.000001", title="Đăng ký khai sinh")
    db.session.commit()
    with second_server.app_context():
        backend = second_server.extensions["search"]
        backend.close_all()
        shutil.rmtree(backend.index_dir, ignore_errors=True)
    assert _codes(second_server, ward.id, "khai sinh") == ["1.000001"]


def test_busy_writer_never_gets_the_index_wiped(app, make):
    """A rebuild that cannot get the write lock leaves every file in place and marks the index stale."""
    ward = make.ward()
    make.procedure(ward, code="1.000001", title="Đăng ký khai sinh")
    db.session.commit()
    backend = app.extensions["search"]
    backend.ensure()
    assert backend.search(ward.id, "khai sinh").total == 1
    files_before = sorted(p.name for p in backend.index_dir.iterdir())
    backend.writer_timeout = 0.2
    holder = backend._open().writer()  # another process's writer, in the middle of its work
    try:
        with pytest.raises(IndexBusy):
            backend.rebuild([procedure_doc(p) for p in db.session.scalars(db.select(Procedure))])
        assert set(files_before) <= {p.name for p in backend.index_dir.iterdir()}
        assert (backend.index_dir / "STALE").exists()
        assert backend.search(ward.id, "khai sinh").total == 1  # still serving
    finally:
        holder.cancel()
    assert backend.ensure() is True and backend.search(ward.id, "khai sinh").total == 1
