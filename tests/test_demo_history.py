"""The demo's year of fictitious dossier history: deterministic, idempotent, and it fills the figures."""

from datetime import date

from sqlalchemy import func, select

from wardportal.demo.history import CODE_PREFIX, load_history
from wardportal.dossiers.models import ClockPause, Dossier
from wardportal.kernel.extensions import db
from wardportal.kernel.periods import Period
from wardportal.kernel.working_days import load_calendar
from wardportal.stats.transparency import figures_for

TODAY = date(2026, 11, 30)


def snapshot_of_history(ward):
    """Everything that identifies the generated dossiers."""
    return db.session.execute(select(Dossier.code, Dossier.status, Dossier.channel, Dossier.received_at,
                                     Dossier.result_ready_at, Dossier.due_date, Dossier.rating,
                                     Dossier.processing_working_days)
                              .where(Dossier.ward_id == ward.id).order_by(Dossier.code)).all()


def test_history_is_deterministic_idempotent_and_fills_the_figures(app, make):
    ward = make.ward()
    for n in range(4):
        make.procedure(ward, code=f"1.00{n}", processing_days=n + 1, is_popular=n == 0)
    calendar = load_calendar()
    count = load_history(ward, calendar, TODAY, per_day=(1, 3))
    db.session.commit()
    first = snapshot_of_history(ward)
    assert len(first) == count and all(code.startswith(CODE_PREFIX) for code, *_ in first)
    assert load_history(ward, calendar, TODAY, per_day=(1, 3)) == count
    db.session.commit()
    assert snapshot_of_history(ward) == first  # same dossiers again, not twice as many
    assert db.session.scalar(select(func.count()).select_from(ClockPause)) > 0
    names = set(db.session.scalars(select(Dossier.applicant_name).where(Dossier.ward_id == ward.id)))
    assert names == {"Dữ liệu minh họa"}
    year = figures_for([ward.id], Period("tuy-chon", date(2025, 12, 1), date(2026, 11, 30)))
    assert year.received > 200 and 0 < year.late < year.resolved and year.ratings > 0
    assert 80 < year.on_time_rate < 100
    # Dossiers received across Tết and the 30/4–1/5 holidays exist, and none was received on a day off.
    received_days = {r.date() for _, _, _, r, *_ in first}
    assert not any(calendar.holiday_name(d) for d in received_days if d.year == 2026 and d.month in (2, 4, 5))
