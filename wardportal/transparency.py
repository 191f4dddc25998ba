"""Transparency figures a ward publishes: volumes, on-time rate, online share, satisfaction.

Counted the way the province reports them: a dossier counts as received when it was validly received
(status 2 onwards, not when first submitted online), as resolved when its result was ready, and as on time
when the result was ready no later than its due date (already extended by every pause for missing
documents). Days are Vietnamese calendar days (UTC+7).
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import or_, select

from .deadlines import VIETNAM_TZ, local_day
from .extensions import db
from .models import Dossier, Ward



@dataclass
class ProcedureVolume:
    """Dossiers of one procedure in the period and its observed processing time."""

    code: str
    title: str
    received: int
    resolved: int
    average_days: float | None


@dataclass
class Figures:
    """One ward's figures for a calendar year."""

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
    """Compute a ward's figures for ``year`` from its dossiers (no personal data is read)."""
    start = datetime(year, 1, 1, tzinfo=VIETNAM_TZ)
    end = datetime(year + 1, 1, 1, tzinfo=VIETNAM_TZ)
    rows = db.session.execute(
        select(Dossier.received_at, Dossier.result_ready_at, Dossier.due_date, Dossier.channel, Dossier.rating,
               Dossier.procedure_snapshot)
        .where(Dossier.ward_id == ward.id,
               or_(Dossier.received_at.between(start, end), Dossier.result_ready_at.between(start, end))))
    figures = Figures(year=year)
    months_received, months_resolved = Counter(), Counter()
    per_procedure: dict[str, dict] = {}
    rating_total = 0
    for received_at, ready_at, due, channel, rating, snapshot in rows:
        received_day = local_day(received_at) if received_at else None
        ready_day = local_day(ready_at) if ready_at else None
        key = (snapshot or {}).get("code", "")
        entry = per_procedure.setdefault(key, {"title": (snapshot or {}).get("title", ""), "received": 0,
                                               "resolved": 0, "days": []})
        if received_day and received_day.year == year:
            figures.received += 1
            months_received[received_day.month] += 1
            entry["received"] += 1
            if channel == "online":
                figures.received_online += 1
        if ready_day and ready_day.year == year:
            figures.resolved += 1
            months_resolved[ready_day.month] += 1
            entry["resolved"] += 1
            if due is not None and ready_day <= due:
                figures.resolved_on_time += 1
            if received_day and calendar is not None:
                entry["days"].append(calendar.working_days_between(received_day, ready_day))
            if rating:
                figures.ratings += 1
                rating_total += rating
                figures.satisfied += rating >= 4
    figures.rating_average = rating_total / figures.ratings if figures.ratings else None
    figures.by_month = [(m, months_received[m], months_resolved[m]) for m in range(1, 13)]
    figures.procedures = sorted(
        (ProcedureVolume(code, e["title"], e["received"], e["resolved"],
                         sum(e["days"]) / len(e["days"]) if e["days"] else None)
         for code, e in per_procedure.items() if e["received"] or e["resolved"]),
        key=lambda p: (-p.received, -p.resolved, p.title))[:10]
    return figures


def online_acceptance_figures(ward: Ward, year: int, calendar):
    """Online dossiers first decided in ``year`` and how many within 8 working hours (Decree 45/2020)."""
    from .acceptance_clock import acceptance_figures

    return acceptance_figures(ward, datetime(year, 1, 1, tzinfo=VIETNAM_TZ),
                              datetime(year + 1, 1, 1, tzinfo=VIETNAM_TZ), calendar)
