"""Figures pages (a ward, the province) and their tables as CSV."""

from datetime import date

from flask import Response, abort, g, render_template
from flask_babel import gettext as _

from wardportal.kernel.csv_export import csv_response
from wardportal.kernel.periods import FIRST_YEAR, PeriodError, parse_period
from wardportal.kernel.text_input import cleaned_args
from wardportal.kernel.times import local_day, now_utc
from wardportal.kernel.working_days import current_calendar
from wardportal.stats.blueprint import bp
from wardportal.stats.charts import grouped_bars
from wardportal.stats.transparency import Figures, figures_for, online_acceptance_figures, ward_ranking

TABLES = ("theo-thoi-gian", "thu-tuc", "danh-gia", "xep-hang")


def _period():
    """The period asked for in the query string; nonsense is a 404 like any unknown page."""
    try:
        return parse_period(cleaned_args(), local_day(now_utc()))
    except PeriodError:
        abort(404)


def _series_label(day: date, by_month: bool) -> str:
    return f"{day.month:02d}/{day.year}" if by_month else f"{day.day:02d}/{day.month:02d}"


def _page(figures: Figures, template: str, **extra):
    """Render a figures page with its charts."""
    by_month = figures.period.by_month
    chart = grouped_bars([(_series_label(day, by_month), [received, resolved])
                          for day, received, resolved, _ in figures.series])
    ratings_chart = grouped_bars([(f"{stars}★", [count]) for stars, count in figures.rating_distribution.items()])
    today = local_day(now_utc())
    return render_template(template, figures=figures, period=figures.period, chart=chart,
                           ratings_chart=ratings_chart, years=range(today.year, FIRST_YEAR - 1, -1), **extra)


@bp.get("/<ward_slug>/so-lieu")
def figures():
    """A ward's volumes, on-time rate, online share, processing time and satisfaction for a period."""
    period = _period()
    acceptance = online_acceptance_figures(g.ward, period.start_utc, period.end_utc, current_calendar())
    return _page(figures_for([g.ward.id], period), "stats/figures.html", acceptance=acceptance)


@bp.get("/so-lieu")
def province_figures():
    """The whole install's figures and the ranking of its wards."""
    period = _period()
    return _page(figures_for(None, period), "stats/province.html", ranking=ward_ranking(period))


@bp.get("/<ward_slug>/so-lieu/<table>.csv")
def figures_csv(table):
    """One table of a ward's figures page as CSV."""
    if table not in TABLES[:3]:
        abort(404)
    period = _period()
    return _csv(table, figures_for([g.ward.id], period), None, f"{g.ward.slug}-{table}-{period.slug}.csv")


@bp.get("/so-lieu/<table>.csv")
def province_csv(table):
    """One table of the province page as CSV."""
    if table not in TABLES:
        abort(404)
    period = _period()
    ranking = ward_ranking(period) if table == "xep-hang" else None
    return _csv(table, figures_for(None, period) if ranking is None else None, ranking,
                f"tinh-{table}-{period.slug}.csv")


def csv_rows(table: str, figures: Figures | None, ranking) -> list[list]:
    """Header and rows of one table, numbers unformatted."""
    if table == "theo-thoi-gian":
        return [[_("Ngày"), _("Tiếp nhận"), _("Giải quyết"), _("Đúng hạn")]] + \
            [[day.isoformat(), r, s, o] for day, r, s, o in figures.series]
    if table == "thu-tuc":
        return [[_("Mã thủ tục"), _("Thủ tục"), _("Tiếp nhận"), _("Giải quyết"), _("Đúng hạn"),
                 _("Thời gian thực tế (ngày làm việc)"), _("Thời hạn theo quy định (ngày làm việc)")]] + \
            [[p.code, p.title, p.received, p.resolved, p.on_time,
              "" if p.average_days is None else round(p.average_days, 2),
              "" if p.legal_days is None else p.legal_days] for p in figures.procedures]
    if table == "danh-gia":
        return [[_("Số sao"), _("Lượt đánh giá")]] + [[s, c] for s, c in figures.rating_distribution.items()]
    return [[_("Phường, xã"), _("Tiếp nhận"), _("Giải quyết"), _("Đúng hạn"), _("Tỷ lệ đúng hạn (%)"),
             _("Điểm hài lòng trung bình")]] + \
        [[r.ward.name, r.received, r.resolved, r.on_time,
          "" if r.on_time_rate is None else round(r.on_time_rate, 1),
          "" if r.rating_average is None else round(r.rating_average, 2)] for r in ranking]


def _csv(table: str, figures, ranking, filename: str) -> Response:
    """One table as a CSV download (formula-looking cells guarded by the kernel's one CSV writer)."""
    return csv_response(csv_rows(table, figures, ranking), filename)

