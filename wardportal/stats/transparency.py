"""Transparency figures a ward publishes: volumes, on-time rate, online share, satisfaction.

Counted the way the province reports them: a dossier counts as received when it was validly received
(status 2 onwards, not when first submitted online), as resolved when its result was ready, and as on time
when the result was ready no later than its due date (already extended by every pause for missing
documents). Withdrawn dossiers are left out. Days are Vietnamese calendar days (UTC+7). Processing time is
in working days without the pauses (processing_time.py keeps it on each dossier). Every count is an SQL
aggregate (figure_queries.py); this module only adds the grouped rows up.

Public functions: ``ward_figures(ward, year, calendar=None)`` (unchanged), ``figures_for(ward_ids, period)``
for any period and any set of wards (None = the whole province), ``ward_ranking(period)``.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from wardportal.dossiers.acceptance_clock import acceptance_figures
from wardportal.kernel.periods import Period
from wardportal.staff.models import Ward
from wardportal.stats import figure_queries as q

TOP_PROCEDURES = 10


@dataclass
class ProcedureVolume:
    """Dossiers of one procedure in the period and its observed processing time."""

    code: str
    title: str
    received: int
    resolved: int
    average_days: float | None
    on_time: int = 0
    legal_days: int | None = None


@dataclass
class Figures:
    """Figures of one ward (or of several) for a period (a calendar year by default)."""

    year: int
    received: int = 0
    resolved: int = 0
    resolved_on_time: int = 0
    received_online: int = 0
    ratings: int = 0
    satisfied: int = 0
    rating_average: float | None = None
    by_month: list[tuple[int, int, int]] = field(default_factory=list)  # (month, received, resolved)
    procedures: list[ProcedureVolume] = field(default_factory=list)
    period: Period | None = None
    in_progress: int = 0
    processing_days_average: float | None = None
    legal_days_average: float | None = None
    rating_distribution: dict[int, int] = field(default_factory=dict)  # stars → how many
    # (first day of the month or the day, received, resolved, on time): monthly for long periods, else daily.
    series: list[tuple[date, int, int, int]] = field(default_factory=list)

    @property
    def late(self) -> int:
        """Resolved after the due date."""
        return self.resolved - self.resolved_on_time

    @property
    def on_time_rate(self) -> float | None:
        """Share of resolved dossiers resolved on time, in percent."""
        return 100 * self.resolved_on_time / self.resolved if self.resolved else None

    @property
    def online_share(self) -> float | None:
        """Share of received dossiers that came in online, in percent."""
        return 100 * self.received_online / self.received if self.received else None

    @property
    def satisfaction_rate(self) -> float | None:
        """Share of ratings of 4 or 5 stars, in percent."""
        return 100 * self.satisfied / self.ratings if self.ratings else None


def ward_figures(ward: Ward, year: int, calendar=None) -> Figures:
    """A ward's figures for calendar ``year`` (``calendar`` is no longer needed: days are kept per dossier)."""
    return figures_for([ward.id], Period("nam", date(year, 1, 1), date(year, 12, 31)))


def figures_for(ward_ids: list[int] | None, period: Period) -> Figures:
    """Figures of the given wards (the whole install when None) for ``period``."""
    figures = Figures(year=period.start.year, period=period)
    buckets = period.buckets()
    series = [[0, 0, 0] for _ in buckets]
    volumes: dict[tuple, Counter] = {}
    stars: Counter = Counter()
    for n, procedure_id, count, online in q.received_rows(ward_ids, buckets):
        figures.received += count
        figures.received_online += online or 0
        series[n][0] += count
        volumes.setdefault((procedure_id, None), Counter())["received"] += count
    for n, procedure_id, count, on_time, days, with_days, *ratings in q.resolved_rows(ward_ids, buckets):
        figures.resolved += count
        figures.resolved_on_time += on_time or 0
        series[n][1] += count
        series[n][2] += on_time or 0
        volumes.setdefault((procedure_id, None), Counter()).update(
            resolved=count, on_time=on_time or 0, days=days or 0, with_days=with_days)
        stars.update({n_stars: c or 0 for n_stars, c in zip(q.STARS, ratings)})
    figures.series = [(b.start, *values) for b, values in zip(buckets, series)]
    if period.kind == "nam":
        figures.by_month = [(day.month, r, s) for day, r, s, _ in figures.series]
    if (None, None) in volumes:
        # Dossiers of deleted guides: regroup them by the code their snapshot kept.
        del volumes[(None, None)]
        received, resolved = q.orphan_rows(ward_ids, period)
        for code, count in received:
            volumes.setdefault((None, code), Counter())["received"] += count
        for code, count, on_time, days, with_days in resolved:
            volumes.setdefault((None, code), Counter()).update(
                resolved=count, on_time=on_time or 0, days=days or 0, with_days=with_days)
    _add_ratings(figures, stars)
    _add_procedures(figures, ward_ids, volumes)
    figures.in_progress = q.in_progress(ward_ids, period)
    return figures


def _add_ratings(figures: Figures, stars: Counter) -> None:
    """Distribution, average and share satisfied (4–5 stars)."""
    figures.rating_distribution = {n: stars.get(n, 0) for n in q.STARS}
    figures.ratings = sum(figures.rating_distribution.values())
    figures.satisfied = figures.rating_distribution[5] + figures.rating_distribution[4]
    total = sum(n * count for n, count in figures.rating_distribution.items())
    figures.rating_average = total / figures.ratings if figures.ratings else None


def _add_procedures(figures: Figures, ward_ids, volumes: dict[tuple, Counter]) -> None:
    """Top procedures by volume, and the average processing and legal days over all results."""
    guides = q.procedures_by_id(pid for pid, _ in volumes)
    orphans = q.snapshot_titles(ward_ids, sorted({code for pid, code in volumes if pid is None and code}))
    rows, days_total, days_count, legal_total, legal_count = [], 0, 0, 0, 0
    for (pid, code), entry in volumes.items():
        guide = guides.get(pid)
        title, legal = (guide.title, guide.processing_days) if guide else orphans.get(code, ("", None))
        rows.append(ProcedureVolume(guide.code if guide else (code or ""), title, entry["received"],
                                    entry["resolved"],
                                    entry["days"] / entry["with_days"] if entry["with_days"] else None,
                                    entry["on_time"], legal))
        days_total += entry["days"]
        days_count += entry["with_days"]
        if legal is not None and entry["with_days"]:
            legal_total += legal * entry["with_days"]
            legal_count += entry["with_days"]
    figures.processing_days_average = days_total / days_count if days_count else None
    figures.legal_days_average = legal_total / legal_count if legal_count else None
    figures.procedures = sorted(rows, key=lambda p: (-p.received, -p.resolved, p.title))[:TOP_PROCEDURES]


@dataclass
class WardRank:
    """One ward's line in the province ranking."""

    ward: Ward
    received: int
    resolved: int
    on_time: int
    rated: int
    stars: int
    online: int

    @property
    def on_time_rate(self) -> float | None:
        """Percent of results on time."""
        return 100 * self.on_time / self.resolved if self.resolved else None

    @property
    def online_share(self) -> float | None:
        """Percent of receipts online."""
        return 100 * self.online / self.received if self.received else None

    @property
    def rating_average(self) -> float | None:
        """Average stars."""
        return self.stars / self.rated if self.rated else None


def ward_ranking(period: Period) -> list[WardRank]:
    """Every ward, best on-time rate first (wards without results last, then by volume and name)."""
    ranks = [WardRank(*row) for row in q.ward_ranking_rows(period)]
    return sorted(ranks, key=lambda r: (r.on_time_rate is None, -(r.on_time_rate or 0), -r.resolved, r.ward.name))


def online_acceptance_figures(ward: Ward, start: datetime, end: datetime, calendar):
    """Online dossiers first decided between ``start`` and ``end`` (UTC) and how many within 8 working hours
    (Decree 45/2020)."""
    return acceptance_figures(ward, start, end, calendar)
