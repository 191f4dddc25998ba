"""Publications on PostgreSQL: year and field filters, number search, feeds and sitemap on the demo ward."""

from datetime import datetime, timezone

from wardportal.demo.loader import load_demo
from wardportal.kernel.extensions import db
from wardportal.publications import queries
from wardportal.publications.search import search_publications

from .postgres_support import postgres_app  # noqa: F401  (fixture)


def test_demo_publications_list_filter_and_search_on_postgresql(postgres_app):
    app = postgres_app
    with app.app_context():
        ward, _existed = load_demo()[0]
        now = datetime.now(timezone.utc)
        # the demo documents were issued 7 to 21 days ago
        assert queries.years(ward, "document", now) in ([now.year], [now.year, now.year - 1], [now.year - 1])
        assert [f.value for f in queries.fields(ward, "document", now)] == ["hanh-chinh", "tiep-cong-dan", "y-te"]
        found = search_publications(ward, "245 qd", now)
        assert [p.doc_number for p in found["document"]] == ["245/QĐ-UBND"]
        assert search_publications(ward, "112/kh-ubnd", now)["document"][0].doc_number == "112/KH-UBND"
        db.session.remove()
    client = app.test_client()
    for path in ("/phuong-lam/van-ban/", "/phuong-lam/van-ban/?nam=2026&linh-vuc=y-te", "/phuong-lam/thong-bao/",
                 "/phuong-lam/tin-tuc/", "/phuong-lam/cong-bo.atom", "/sitemap.xml", "/phuong-lam/tim-kiem?q=245+qd"):
        assert client.get(path).status_code == 200, path
    assert "245/QĐ-UBND" in client.get("/phuong-lam/tim-kiem?q=245+qd").get_data(as_text=True)
    app.extensions["search"].close_all()  # the search page opened the guides' index; close its files
