"""Transparency figures: counted from dossiers as the province reports them, published per ward."""

from datetime import date, datetime, timezone

from wardportal.kernel.working_days import load_calendar
from wardportal.stats.transparency import ward_figures

from .workflow_factories import make_dossier


def at(day, hour=3):
    """A moment on a Vietnamese calendar day (03:00 UTC is 10:00 in Hanoi)."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=timezone.utc)


def test_figures_count_on_time_online_and_satisfaction(app, make):
    ward = make.ward()
    # Received 2 Nov, due 5 Nov: ready on 5 Nov is on time, ready 6 Nov is late.
    make_dossier(ward, status=10, received_at=at(date(2026, 11, 2)), due_date=date(2026, 11, 5),
                 result_ready_at=at(date(2026, 11, 5)), rating=5)
    make_dossier(ward, status=9, received_at=at(date(2026, 11, 2)), due_date=date(2026, 11, 5),
                 result_ready_at=at(date(2026, 11, 6)), channel="counter")
    make_dossier(ward, status=10, received_at=at(date(2026, 10, 1)), due_date=date(2026, 10, 6),
                 result_ready_at=at(date(2026, 10, 2)), rating=2)
    make_dossier(ward, status=4, received_at=at(date(2026, 11, 20)), due_date=date(2026, 11, 25))
    make_dossier(ward, status=1)  # submitted online, not yet received: not counted as received
    make_dossier(ward, status=10, received_at=at(date(2025, 12, 30)), due_date=date(2026, 1, 5),
                 result_ready_at=at(date(2026, 1, 5)))
    # A result ready at 23:30 on 5 Nov in Hanoi is 16:30 UTC: still 5 Nov, on time.
    make_dossier(ward, status=9, received_at=at(date(2026, 11, 3)), due_date=date(2026, 11, 5),
                 result_ready_at=datetime(2026, 11, 5, 16, 30, tzinfo=timezone.utc))
    other = make.ward()
    make_dossier(other, status=10, received_at=at(date(2026, 11, 2)), due_date=date(2026, 11, 3),
                 result_ready_at=at(date(2026, 11, 9)))

    figures = ward_figures(ward, 2026, load_calendar())
    assert figures.received == 5
    assert figures.resolved == 5
    assert figures.resolved_on_time == 4 and round(figures.on_time_rate) == 80
    assert figures.received_online == 4 and round(figures.online_share) == 80
    assert figures.ratings == 2 and figures.satisfaction_rate == 50 and figures.rating_average == 3.5
    assert dict((m, (r, s)) for m, r, s in figures.by_month)[11] == (4, 3)
    top = figures.procedures[0]
    assert top.code == "1.001193" and top.received == 5
    assert top.average_days is not None


def test_figures_page_is_public_and_has_no_personal_data(client, make):
    ward = make.ward(slug="phuong-lam")
    make_dossier(ward, status=10, received_at=at(date.today()), due_date=date.today(),
                 result_ready_at=at(date.today()), name="Nguyễn Thị Hằng")
    page = client.get("/phuong-lam/so-lieu").get_data(as_text=True)
    assert "100,0%" in page and "Nguyễn Thị Hằng" not in page
    assert client.get("/phuong-lam/so-lieu?nam=abc").status_code == 404
    assert client.get(f"/phuong-lam/so-lieu?nam={date.today().year + 1}").status_code == 404


def test_an_empty_year_shows_dashes_not_errors(client, make):
    make.ward(slug="phuong-lam")
    page = client.get("/phuong-lam/so-lieu?nam=2021").get_data(as_text=True)
    assert "—" in page
