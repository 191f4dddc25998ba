"""The same portal on PostgreSQL: migrations, the demo catalogue, imports and the public pages."""

import json

from wardportal.catalogue.procedure_import import InvalidProcedureFile, import_file
from wardportal.demo.loader import load_demo
from wardportal.kernel.extensions import db

from .postgres_support import postgres_app  # noqa: F401  (fixture)


def test_schema_demo_and_pages_on_postgresql(postgres_app):
    app = postgres_app
    with app.app_context():
        ward, _existed = load_demo()[0]
        assert ward.procedures.count() >= 30
        db.session.remove()
    client = app.test_client()
    assert client.get("/").status_code == 302
    for path in ("/phuong-lam/", "/phuong-lam/thu-tuc/", "/phuong-lam/thu-tuc/1.001193", "/phuong-lam/danh-ba"):
        assert client.get(path).status_code == 200, path


def test_a_bad_import_writes_nothing_on_postgresql(postgres_app, tmp_path):
    app = postgres_app
    good = {"code": "1.0001", "title": "Thủ tục A", "field": "Hộ tịch", "processing_days": 1}
    bad = {"code": "1.0002", "title": "Thủ tục B", "field": "Hộ tịch", "processing_days": -1}
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"procedures": [good, bad]}), encoding="utf-8")
    with app.app_context():
        try:
            import_file(path, "xa-a", "Xã A")
        except InvalidProcedureFile as exc:
            assert "procedures[1] (code 1.0002): field 'processing_days'" in str(exc)
        else:
            raise AssertionError("a bad record was accepted")
        from wardportal.catalogue.models import Procedure
        from wardportal.staff.models import Ward
        assert db.session.query(Procedure).count() == 0 and db.session.query(Ward).count() == 0
        db.session.remove()


def test_migrated_postgresql_schema_matches_the_models(postgres_app):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with postgres_app.app_context():
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, db.metadata) == []
