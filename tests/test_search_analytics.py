"""Search analytics: anonymous daily counts per normalised query, clicks, the editors' page, the purge."""

from collections import Counter
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import inspect, select

from wardportal.catalogue.models import Procedure
from wardportal.kernel.extensions import db
from wardportal.search.analytics import (normalise_query, purge_rare_queries, record_click, record_search,
    search_report)
from wardportal.search.catalogue_index import rebuild_index
from wardportal.search.models import SearchQueryDay, SearchSynonym

from .postgres_support import postgres_app  # noqa: F401  (fixture)
from .staff_factories import login, make_staff


@pytest.fixture
def ward(make):
    ward = make.ward(slug="phuong-lam", name="Phường Phương Lâm", hotline="0218 3852 100")
    make.procedure(ward, code="1.001193", title="Đăng ký khai sinh")
    make.procedure(ward, code="1.000894", title="Đăng ký kết hôn", is_popular=True)
    make.procedure(ward, code="1.004873", title="Cấp Giấy xác nhận tình trạng hôn nhân")
    make.contact(ward)
    rebuild_index()
    return ward


def today() -> date:
    return datetime.now(timezone.utc).date()


def counts(ward) -> dict[str, tuple[int, int, int]]:
    """Today's counters of the ward by query: (searches, zero results, clicks)."""
    rows = db.session.scalars(select(SearchQueryDay).where(SearchQueryDay.ward_id == ward.id))
    return {r.query: (r.searches, r.zero_results, r.clicks) for r in rows}


def test_only_counts_per_normalised_query_and_day_are_stored():
    """No address, session, time of day or user column: the table holds counts and nothing else."""
    columns = {c.name for c in SearchQueryDay.__table__.columns}
    assert columns == {"id", "ward_id", "day", "query", "searches", "zero_results", "clicks", "outside"}


def test_normalising_folds_and_drops_phone_and_id_numbers():
    """Accents and case fold away; a 10-digit phone or 12-digit ID number never reaches the table."""
    assert normalise_query("Đăng KÝ khai sinh  0912345678") == "dang ki khai sinh"
    assert normalise_query("căn cước 001099012345 1.001193") == "can cuoc 1.001193"
    assert len(normalise_query("khai sinh " * 40)) <= 120


def test_a_submitted_search_is_counted_but_not_keystrokes_or_later_pages(client, ward):
    """Submitted searches count (zero results too); htmx keystrokes and page 2 do not."""
    client.get("/phuong-lam/tim-kiem?q=Khai+sinh")
    client.get("/phuong-lam/tim-kiem?q=khai+sinh")
    client.get("/phuong-lam/tim-kiem?q=xyzzy+qwerty")
    client.get("/phuong-lam/tim-kiem?q=khai+si", headers={"HX-Request": "true", "HX-Target": "search-results"})
    client.get("/phuong-lam/tim-kiem?q=khai+sinh&trang=2")
    assert counts(ward) == {"khai sinh": (2, 0, 0), "xyzzy qwerty": (1, 1, 0)}


def test_opening_a_result_counts_a_click_for_its_query(client, ward):
    """The result link carries the normalised query; following it adds a click and leads to the guide."""
    page = client.get("/phuong-lam/tim-kiem?q=ket+hon").get_data(as_text=True)
    assert 'href="/phuong-lam/tim-kiem/mo/1.000894?q=ket+hon"' in page
    response = client.get("/phuong-lam/tim-kiem/mo/1.000894?q=ket+hon")
    assert response.status_code == 302 and response.headers["Location"].endswith("/phuong-lam/thu-tuc/1.000894")
    assert counts(ward) == {"ket hon": (1, 0, 1)}
    assert client.get("/phuong-lam/tim-kiem/mo/9.999999?q=ket+hon").status_code == 404


def test_report_lists_frequent_zero_result_and_unopened_queries_of_the_period(app, ward, make):
    """Three lists for the period asked; another ward's and other days' counts stay out."""
    other = make.ward(slug="tan-thinh")
    day = today()
    for _ in range(3):
        record_search(ward.id, "khai sinh", 5, day)
    record_click(ward.id, "khai sinh", day)
    record_search(ward.id, "giay e vo", 0, day)
    record_search(ward.id, "ket hon", 2, day)
    record_search(ward.id, "ket hon", 2, day)
    record_search(ward.id, "tam tru", 1, day - timedelta(days=40))
    record_search(other.id, "khai sinh", 3, day)
    report = search_report(ward, day - timedelta(days=29), day)
    assert [(r.query, r.searches) for r in report.frequent] == [("khai sinh", 3), ("ket hon", 2), ("giay e vo", 1)]
    assert [r.query for r in report.zero_results] == ["giay e vo"]
    assert [r.query for r in report.no_clicks] == ["ket hon"]
    assert report.total_searches == 6
    older = search_report(ward, day - timedelta(days=60), day - timedelta(days=30))
    assert [r.query for r in older.frequent] == ["tam tru"]


def test_purge_drops_rare_queries_older_than_90_days_only(app, ward, runner):
    """Old days of rare queries go; recent days, and frequent queries, stay."""
    day = today()
    old = day - timedelta(days=91)
    record_search(ward.id, "nguyen van a", 1, old)  # a name typed once: must not stay
    record_search(ward.id, "nguyen van a", 1, day)
    for n in range(6):
        record_search(ward.id, "khai sinh", 1, old - timedelta(days=n))
    assert purge_rare_queries(day) == 1
    assert {(r.query, r.day) for r in db.session.scalars(select(SearchQueryDay))} == (
        {("nguyen van a", day)} | {("khai sinh", old - timedelta(days=n)) for n in range(6)})
    result = runner.invoke(args=["purge-search-queries", "--days", "0", "--rare-below", "2"])
    assert result.exit_code == 0 and "Deleted 0" in result.output  # today is not older than today
    result = runner.invoke(args=["purge-search-queries", "--days", "0", "--rare-below", "7"])
    assert "Deleted 6" in result.output


def test_editor_adds_a_query_as_keyword_of_a_guide_in_one_step(client, ward):
    """From the zero-result list, one form: the query becomes a keyword of the guide, and search finds it."""
    editor = make_staff(ward, "editor")
    client.get("/phuong-lam/tim-kiem?q=giay+e+vo")
    login(client, editor.email)
    page = client.get("/phuong-lam/can-bo/thong-ke-tim-kiem").get_data(as_text=True)
    assert "giay e vo" in page and "Không tìm thấy kết quả" in page
    procedure = db.session.scalar(select(Procedure).where(Procedure.code == "1.004873"))
    response = client.post("/phuong-lam/can-bo/thong-ke-tim-kiem",
                           data={"query": "giay e vo", "procedure_id": procedure.id, "kind": "keyword"})
    assert response.status_code == 302
    db.session.refresh(procedure)
    assert procedure.search_keywords == "giay e vo"
    results = client.get("/api/v1/wards/phuong-lam/procedures?q=giay+e+vo").get_json()["results"]
    assert results[0]["code"] == "1.004873"
    again = client.post("/phuong-lam/can-bo/thong-ke-tim-kiem",
                        data={"query": "giay e vo", "procedure_id": procedure.id, "kind": "keyword"})
    assert again.status_code == 422 and "đã có từ khóa đó" in again.get_data(as_text=True)


def test_editor_adds_a_query_as_ward_synonym_in_one_step(client, ward):
    """The other choice: the query becomes a ward synonym of the guide's title."""
    editor = make_staff(ward, "editor")
    login(client, editor.email)
    procedure = db.session.scalar(select(Procedure).where(Procedure.code == "1.000894"))
    response = client.post("/phuong-lam/can-bo/thong-ke-tim-kiem",
                           data={"query": "lay vo lay chong", "procedure_id": procedure.id, "kind": "synonym"})
    assert response.status_code == 302
    synonym = db.session.scalar(select(SearchSynonym))
    assert (synonym.phrase, synonym.expansion) == ("lay vo lay chong", "Đăng ký kết hôn")
    missing = client.post("/phuong-lam/can-bo/thong-ke-tim-kiem",
                          data={"query": "lay vo", "procedure_id": 0, "kind": "synonym"})
    assert missing.status_code == 422 and "Chọn thủ tục" in missing.get_data(as_text=True)


def test_analytics_page_is_for_this_wards_editors_only(client, ward, make):
    """Anonymous visitors are sent to sign in; officers and other wards' editors get 404."""
    officer = make_staff(ward, "officer")
    outsider = make_staff(make.ward(slug="tan-thinh"), "editor")
    assert client.get("/phuong-lam/can-bo/thong-ke-tim-kiem").status_code == 302
    login(client, officer.email)
    assert client.get("/phuong-lam/can-bo/thong-ke-tim-kiem").status_code == 404
    client.post("/can-bo/dang-xuat")
    login(client, outsider.email)
    assert client.get("/phuong-lam/can-bo/thong-ke-tim-kiem").status_code == 404


def test_bad_period_falls_back_to_the_last_30_days(client, ward):
    """A malformed or reversed period is refused with a message, not an error page."""
    login(client, make_staff(ward, "editor").email)
    page = client.get("/phuong-lam/can-bo/thong-ke-tim-kiem?tu=2026-13-01&den=x").get_data(as_text=True)
    assert "Khoảng thời gian không hợp lệ" in page
    assert (today() - timedelta(days=29)).isoformat() in page


def test_zero_results_and_did_you_mean_offer_contacts_and_most_used_procedures(client, ward):
    """Never a dead end: the contact directory and the ward's most used guides."""
    page = client.get("/phuong-lam/tim-kiem?q=xyzzy+qwerty").get_data(as_text=True)
    assert 'href="/phuong-lam/danh-ba"' in page and "Thủ tục được dùng nhiều nhất" in page
    assert 'href="/phuong-lam/thu-tuc/1.000894"' in page  # the popular one first
    page = client.get("/phuong-lam/tim-kiem?q=khai+sihn").get_data(as_text=True)
    assert "Có phải bạn muốn tìm" in page and "Thủ tục được dùng nhiều nhất" in page
    fragment = client.get("/phuong-lam/tim-kiem?q=xyzzy", headers={"HX-Request": "true",
                                                                 "HX-Target": "search-results"})
    assert "Thủ tục được dùng nhiều nhất" in fragment.get_data(as_text=True)


def test_schema_has_the_keyword_column(app):
    """Editors' keywords live on the guide (reindexed with it)."""
    assert "search_keywords" in {c["name"] for c in inspect(db.engine).get_columns("procedure")}


def test_concurrent_counts_are_not_lost_on_postgresql(postgres_app):
    """Several servers counting the same new query at once: every search is counted, one row per day."""
    import threading

    from .factories import Factories

    with postgres_app.app_context():
        ward_id = Factories().ward(slug="phuong-lam").id
    barrier = threading.Barrier(6)

    def count():
        with postgres_app.app_context():
            barrier.wait()
            for _ in range(5):
                record_search(ward_id, "khai sinh", 1, date(2026, 12, 1))
            db.session.remove()

    threads = [threading.Thread(target=count) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with postgres_app.app_context():
        rows = db.session.scalars(select(SearchQueryDay)).all()
        assert [(r.query, r.searches) for r in rows] == [("khai sinh", 30)]


def test_identical_searches_served_from_the_page_cache_are_each_counted(app, client, ward):
    """The page cache answers repeats without running the view; every one of them is still counted."""
    from wardportal.site.page_cache import page_store

    page_store().clear()
    bodies = [client.get("/phuong-lam/tim-kiem?q=khai+sinh").get_data() for _ in range(3)]
    client.get("/phuong-lam/tim-kiem?q=xyzzy+qwerty")
    client.get("/phuong-lam/tim-kiem?q=xyzzy+qwerty")
    client.get("/phuong-lam/tim-kiem?q=khai+sinh", headers={"HX-Request": "true", "HX-Target": "search-results"})
    client.get("/phuong-lam/tim-kiem?q=khai+sinh", headers={"HX-Request": "true", "HX-Target": "search-results"})
    assert bodies[0] == bodies[1] == bodies[2] and len(page_store()._pages) == 3  # served from the cache
    db.session.expire_all()
    assert counts(ward) == {"khai sinh": (3, 0, 0), "xyzzy qwerty": (2, 2, 0)}


def test_counts_refused_by_a_busy_database_wait_and_are_written_with_the_next(instance_path, app, client, ward,
                                                                              caplog):
    """SQLite's write lock held past the busy timeout: the count is not lost, the next search writes both."""
    import sqlite3

    from wardportal.site.page_cache import page_store

    page_store().clear()
    db.session.commit()  # the fixtures' transaction must not hold the lock the blocker takes
    blocker = sqlite3.connect(instance_path / "wardportal.db", isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        assert client.get("/phuong-lam/tim-kiem?q=khai+sinh").status_code == 200  # the resident gets the page
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert "not written yet" in caplog.text
    db.session.expire_all()
    assert counts(ward) == {}
    client.get("/phuong-lam/tim-kiem?q=ket+hon")
    db.session.expire_all()
    assert counts(ward) == {"khai sinh": (1, 0, 0), "ket hon": (1, 0, 0)}


def test_a_count_that_cannot_be_written_in_time_is_dropped_with_an_error_logged(caplog):
    """Counts wait at most `max_age` seconds (or `max_keys` queries); dropping one is logged, never silent."""
    import time

    from wardportal.search.analytics import PendingCounts

    pending = PendingCounts(max_age=60, max_keys=2)
    long_ago = time.monotonic() - 61
    pending.put_back({(1, date(2026, 12, 1), "khai sinh"): (Counter(searches=4), long_ago),
                      (1, date(2026, 12, 1), "ket hon"): (Counter(searches=1), time.monotonic()),
                      (1, date(2026, 12, 1), "tam tru"): (Counter(searches=2), time.monotonic()),
                      (1, date(2026, 12, 1), "tam vang"): (Counter(searches=7), time.monotonic())})
    assert set(k[2] for k in pending.take()) == {"ket hon", "tam tru"}
    assert "dropped" in caplog.text and "'khai sinh'" in caplog.text and "'tam vang'" in caplog.text
