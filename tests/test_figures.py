"""Figures for any period and the province, counted in SQL, checked against hand-counted dossiers."""

from datetime import date, datetime, timedelta, timezone

import pytest

from wardportal.dossiers.models import ClockPause
from wardportal.dossiers.processing_time import observed_time, percentile
from wardportal.kernel.extensions import db
from wardportal.kernel.periods import Period, PeriodError, parse_period
from wardportal.stats.transparency import figures_for, ward_ranking

from .workflow_factories import make_dossier

FEBRUARY = Period("thang", date(2026, 2, 1), date(2026, 2, 28))


def at(day, hour=3):
    """10:00 in Hanoi on ``day``."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=timezone.utc)


def february_ward(make):
    """A ward with February 2026 dossiers across Tết (16–20 Feb off), counted by hand in the comments."""
    ward = make.ward()
    # D1 received Fri 13 Feb, ready Tue 24 Feb: working days 23, 24 → 2; due 25 Feb → on time.
    make_dossier(ward, status=10, received_at=at(date(2026, 2, 13)), due_date=date(2026, 2, 25),
                 result_ready_at=at(date(2026, 2, 24)), rating=5)
    # D2 at the counter, received Mon 9 Feb, due Thu 12 Feb, ready Mon 23 Feb: 10–13 and 23 → 5 days, late.
    make_dossier(ward, status=10, channel="counter", received_at=at(date(2026, 2, 9)), due_date=date(2026, 2, 12),
                 result_ready_at=at(date(2026, 2, 23)), rating=2)
    # D3 received Mon 2 Feb, paused Wed 4 → Mon 9 Feb, ready Tue 10 Feb: 3,4,5,6,9,10 = 6 minus the pause's
    # 5, 6, 9 = 3 days; due (2 days used, 1 left from 9 Feb) 10 Feb → on time.
    d3 = make_dossier(ward, status=10, received_at=at(date(2026, 2, 2)), due_date=date(2026, 2, 10),
                      result_ready_at=at(date(2026, 2, 10)), rating=4)
    db.session.add(ClockPause(dossier=d3, stopped_on=date(2026, 2, 4), resumed_on=date(2026, 2, 9)))
    db.session.commit()
    # D4 withdrawn: in no figure at all.
    make_dossier(ward, status=7, received_at=at(date(2026, 2, 3)), due_date=date(2026, 2, 6))
    # D5 received Wed 25 Feb, still being processed at the end of February.
    make_dossier(ward, status=4, received_at=at(date(2026, 2, 25)), due_date=date(2026, 3, 2))
    # D6 received Fri 30 Jan, ready Tue 3 Feb (2 working days), due 4 Feb: resolved in February, on time.
    make_dossier(ward, status=10, received_at=at(date(2026, 1, 30)), due_date=date(2026, 2, 4),
                 result_ready_at=at(date(2026, 2, 3)))
    # Submitted online but never received: not counted.
    make_dossier(ward, status=1)
    return ward, d3


def test_february_across_tet_matches_the_hand_count(app, make):
    ward, d3 = february_ward(make)
    assert d3.processing_working_days == 3  # the pause was taken out when it was added
    f = figures_for([ward.id], FEBRUARY)
    assert (f.received, f.received_online, f.resolved, f.resolved_on_time, f.late, f.in_progress) == \
        (4, 3, 4, 3, 1, 1)
    assert f.on_time_rate == 75 and f.online_share == 75
    assert f.processing_days_average == pytest.approx((2 + 5 + 3 + 2) / 4)
    assert f.legal_days_average == 3
    assert f.rating_distribution == {5: 1, 4: 1, 3: 0, 2: 1, 1: 0}
    assert f.rating_average == pytest.approx(11 / 3) and f.satisfied == 2
    # A month is charted by day: 2 Feb (D3 received), 3 Feb (D6 resolved), …
    days = {day: (r, s, o) for day, r, s, o in f.series}
    assert days[date(2026, 2, 3)] == (0, 1, 1) and days[date(2026, 2, 23)] == (0, 1, 0)
    top = f.procedures[0]
    assert (top.code, top.received, top.resolved, top.on_time) == ("1.001193", 4, 4, 3)


def test_a_result_late_in_the_evening_counts_on_its_vietnamese_day(app, make):
    ward = make.ward()
    # 16:30 UTC on 5 Nov is 23:30 in Hanoi: still the due date. 17:30 UTC is already 6 Nov: late.
    make_dossier(ward, status=9, received_at=at(date(2026, 11, 3)), due_date=date(2026, 11, 5),
                 result_ready_at=datetime(2026, 11, 5, 16, 30, tzinfo=timezone.utc))
    make_dossier(ward, status=9, received_at=at(date(2026, 11, 3)), due_date=date(2026, 11, 5),
                 result_ready_at=datetime(2026, 11, 5, 17, 30, tzinfo=timezone.utc))
    f = figures_for([ward.id], Period("thang", date(2026, 11, 1), date(2026, 11, 30)))
    assert (f.resolved, f.resolved_on_time) == (2, 1)


def test_quarter_year_and_province_ranking(app, make):
    ward, _ = february_ward(make)
    other = make.ward(name="Xã An Bình")
    make_dossier(other, status=10, received_at=at(date(2026, 3, 2)), due_date=date(2026, 3, 5),
                 result_ready_at=at(date(2026, 3, 3)))
    quarter = Period("quy", date(2026, 1, 1), date(2026, 3, 31))
    assert figures_for([ward.id], quarter).received == 5  # D6 (30 Jan) joins
    province = figures_for(None, quarter)
    assert (province.received, province.resolved, province.resolved_on_time) == (6, 5, 4)
    ranking = ward_ranking(quarter)
    assert [r.ward.id for r in ranking[:2]] == [other.id, ward.id]
    assert ranking[0].on_time_rate == 100 and ranking[1].on_time_rate == 75


def test_periods_are_read_and_checked():
    today = date(2026, 12, 1)
    assert parse_period({}, today) == Period("nam", date(2026, 1, 1), date(2026, 12, 31))
    assert parse_period({"ky": "quy", "nam": "2025", "quy": "4"}, today).end == date(2025, 12, 31)
    assert parse_period({"ky": "thang", "nam": "2024", "thang": "2"}, today).end == date(2024, 2, 29)
    custom = parse_period({"ky": "tuy-chon", "tu": "2026-01-05", "den": "2026-02-10"}, today)
    assert custom.start_utc == datetime(2026, 1, 4, 17, tzinfo=timezone.utc)
    for bad in ({"ky": "tuan"}, {"nam": "2019"}, {"nam": "2027"}, {"ky": "quy", "quy": "5"},
                {"ky": "tuy-chon", "tu": "2026-02-10", "den": "2026-01-05"}, {"ky": "tuy-chon", "tu": "x"},
                {"ky": "tuy-chon", "tu": "2020-01-01", "den": "2026-01-01"}):
        with pytest.raises(PeriodError):
            parse_period(bad, today)


def test_observed_time_needs_enough_cases(app, make):
    ward = make.ward()
    guide = make.procedure(ward, code="1.000894", processing_days=5)
    now = datetime(2026, 11, 30, 9, tzinfo=timezone.utc)
    # Received on Mondays of November, ready 1..4 working days later (no holidays in November 2026).
    for n, used in enumerate([1, 2, 2, 3, 4]):
        monday = date(2026, 11, 2) + timedelta(days=7 * (n % 4))
        make_dossier(ward, guide, status=10, received_at=at(monday),
                     result_ready_at=at(monday + timedelta(days=used)), due_date=monday + timedelta(days=7))
        if n == 3:
            assert observed_time(ward.id, guide.code, now) is None  # four cases: too few to say
    observed = observed_time(ward.id, guide.code, now)
    assert (observed.cases, observed.median, observed.p90) == (5, 2, pytest.approx(3.6))
    assert observed_time(ward.id, guide.code, now + timedelta(days=120)) is None  # out of the 90-day window
    assert percentile([1, 2, 3, 4], 0.5) == 2.5


def test_guide_page_shows_the_observed_time(client, make):
    ward = make.ward(slug="phuong-lam")
    guide = make.procedure(ward, code="1.000894", processing_days=5)
    today = date.today()
    for _ in range(5):
        make_dossier(ward, guide, status=10, received_at=at(today - timedelta(days=10)),
                     result_ready_at=at(today - timedelta(days=3)), due_date=today)
    page = client.get("/phuong-lam/thu-tuc/1.000894").get_data(as_text=True)
    assert "Thời gian thực tế (90 ngày qua)" in page and "(5 hồ sơ)" in page


def test_figures_pages_have_charts_tables_and_csv(client, make):
    ward = make.ward(slug="phuong-lam")
    february_ward(make)
    make_dossier(ward, status=10, received_at=at(date(2026, 2, 2)), due_date=date(2026, 2, 5),
                 result_ready_at=at(date(2026, 2, 4)), name="Nguyễn Thị Hằng", rating=5)
    page = client.get("/phuong-lam/so-lieu?ky=thang&nam=2026&thang=2").get_data(as_text=True)
    assert '<svg viewBox' in page and 'role="img"' in page and "<caption>" in page
    assert "Nguyễn Thị Hằng" not in page and "100,0%" in page
    csv = client.get("/phuong-lam/so-lieu/thu-tuc.csv?ky=thang&nam=2026&thang=2")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    assert "attachment" in csv.headers["Content-Disposition"]
    lines = csv.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Mã thủ tục") and lines[1].startswith("1.001193,Đăng ký khai sinh,1,1,1")
    province = client.get("/so-lieu?ky=quy&nam=2026&quy=1").get_data(as_text=True)
    assert "Xếp hạng các phường, xã" in province and ward.name in province
    ranking = client.get("/so-lieu/xep-hang.csv?ky=quy&nam=2026&quy=1").get_data(as_text=True)
    assert ward.name in ranking
    for url in ("/phuong-lam/so-lieu?ky=quy&quy=9", "/phuong-lam/so-lieu/xep-hang.csv", "/so-lieu/khac.csv",
                "/so-lieu?ky=tuy-chon&tu=2026-13-01&den=2026-02-01"):
        assert client.get(url).status_code == 404, url
    custom = client.get("/so-lieu/theo-thoi-gian.csv?ky=tuy-chon&tu=2026-02-01&den=2026-02-28")
    assert "2026-02-03" in custom.get_data(as_text=True)


def test_the_same_hand_count_on_postgresql(instance_path):
    """The SQL that is written per database (on-time comparison, covering indexes) agrees on PostgreSQL."""
    from .factories import Factories
    from .postgres_support import fresh_postgres_app

    app = fresh_postgres_app(instance_path)
    try:
        with app.app_context():
            make = Factories()
            ward, _ = february_ward(make)
            late = make.ward()
            make_dossier(late, status=9, received_at=at(date(2026, 11, 3)), due_date=date(2026, 11, 5),
                         result_ready_at=datetime(2026, 11, 5, 16, 30, tzinfo=timezone.utc))
            make_dossier(late, status=9, received_at=at(date(2026, 11, 3)), due_date=date(2026, 11, 5),
                         result_ready_at=datetime(2026, 11, 5, 17, 30, tzinfo=timezone.utc))
            f = figures_for([ward.id], FEBRUARY)
            assert (f.received, f.received_online, f.resolved, f.resolved_on_time, f.in_progress) == (4, 3, 4, 3, 1)
            assert f.processing_days_average == pytest.approx(3.0)
            november = figures_for([late.id], Period("thang", date(2026, 11, 1), date(2026, 11, 30)))
            assert (november.resolved, november.resolved_on_time) == (2, 1)
            assert ward_ranking(FEBRUARY)[0].ward.id == ward.id
            slug = ward.slug
            db.session.remove()
        client = app.test_client()
        assert client.get(f"/{slug}/so-lieu?ky=thang&nam=2026&thang=2").status_code == 200
        assert client.get("/so-lieu?ky=nam&nam=2026").status_code == 200
        assert client.get(f"/api/v1/wards/{slug}/figures?ky=nam&nam=2026").get_json()["received"] == 5
    finally:
        with app.app_context():
            db.engine.dispose()
