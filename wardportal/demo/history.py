"""A year of clearly fictitious dossier history for the demo ward, so the figures pages tell a story.

Deterministic: the same seed and the same "today" give the same dossiers. Idempotent: the previous demo
history (codes starting ``MINHHOA-``, "illustration") is removed before the new one is written, so running
``seed-demo`` again never doubles it. No real person appears: every applicant is "Dữ liệu minh họa".
"""

import hashlib
import random
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import delete, select

from wardportal.catalogue.models import Procedure
from wardportal.dossiers.models import ClockPause, Dossier
from wardportal.kernel.extensions import db
from wardportal.kernel.times import VIETNAM_TZ
from wardportal.kernel.working_days import WorkingCalendar
from wardportal.staff.models import Ward

CODE_PREFIX = "MINHHOA-"
SEED = 20261201
STARS = [5, 4, 3, 2, 1]
STAR_WEIGHTS = [58, 26, 9, 4, 3]


def _moment(day: date, hour: int, minute: int) -> datetime:
    """A Vietnamese wall-clock time on ``day``, as UTC."""
    return datetime.combine(day, time(hour, minute), VIETNAM_TZ).astimezone(timezone.utc)


def _snapshot(p: Procedure) -> dict:
    return {"code": p.code, "title": p.title, "field": p.field, "processing_days": p.processing_days,
            "fee": p.fee, "documents": [{"name": d.name, "original": d.original, "copies": d.copies}
                                        for d in p.documents]}


def remove_history(ward: Ward) -> int:
    """Delete the ward's demo history (and, by cascade, its pauses); returns how many dossiers went."""
    ids = list(db.session.scalars(select(Dossier.id).where(Dossier.ward_id == ward.id,
                                                           Dossier.code.startswith(CODE_PREFIX))))
    if ids:
        db.session.execute(delete(ClockPause).where(ClockPause.dossier_id.in_(ids)))
        db.session.execute(delete(Dossier).where(Dossier.id.in_(ids)))
    return len(ids)


def load_history(ward: Ward, calendar: WorkingCalendar, today: date, seed: int = SEED,
                 per_day: tuple[int, int] = (2, 9)) -> int:
    """Write a year (up to yesterday) of dossiers for the ward's published guides; returns how many."""
    remove_history(ward)
    guides = list(db.session.scalars(select(Procedure).where(Procedure.ward_id == ward.id,
                                                             Procedure.is_published.is_(True))
                                     .order_by(Procedure.code)))
    if not guides:
        return 0
    rng = random.Random(seed)
    weights = [6 if g.is_popular else 1 for g in guides]
    now = _moment(today, 8, 0)
    count = 0
    day = today - timedelta(days=365)
    while day < today:
        if calendar.is_working_day(day):
            for _ in range(rng.randint(*per_day)):
                count += 1
                db.session.add(_dossier(ward, rng.choices(guides, weights)[0], day, count, rng, calendar, now))
        day += timedelta(days=1)
    db.session.flush()
    return count


def _dossier(ward: Ward, guide: Procedure, day: date, n: int, rng: random.Random,
             calendar: WorkingCalendar, now: datetime) -> Dossier:
    """One fictitious dossier received on ``day``: mostly on time, a few late, some paused, some rated."""
    legal = guide.processing_days
    # Online submissions grow over the year, as in the articles the portal is measured by.
    online_share = 0.7 + 0.25 * (day - (now.date() - timedelta(days=365))).days / 365
    received_at = _moment(day, rng.randint(7, 16), rng.randint(0, 59))
    used = max(0, legal - rng.choice([0, 0, 1, 1, 2])) if legal else 0
    if rng.random() < 0.06:
        used = legal + rng.randint(1, 3)  # late
    pauses = []
    if legal >= 2 and rng.random() < 0.08:
        stopped = calendar.add_working_days(day, 1)
        pauses = [(stopped, stopped + timedelta(days=rng.randint(2, 6)))]
    due = calendar.due_date_with_pauses(day, legal, pauses)
    if pauses:
        ready_day = calendar.add_working_days(pauses[0][1], max(used - 1, 0))
    else:
        ready_day = calendar.add_working_days(day, used)
    ready_at = _moment(ready_day, rng.randint(8, 16), rng.randint(0, 59))
    token = hashlib.sha256(f"{ward.slug}:{n}:{rng.random()}".encode()).hexdigest()[:43]
    dossier = Dossier(
        ward_id=ward.id, procedure_id=guide.id, code=f"{CODE_PREFIX}{day:%y%m%d}-{n:05d}", tracking_token=token,
        channel="online" if rng.random() < online_share else "counter", procedure_snapshot=_snapshot(guide),
        applicant_name="Dữ liệu minh họa", applicant_id_number="000000000000", applicant_phone="0000000000",
        applicant_email="", applicant_address="", extra_fields={}, delivery_method="office",
        submitted_at=received_at, received_at=received_at, due_date=due, status=4)
    if rng.random() < 0.01:
        dossier.status = 7  # withdrawn by the applicant: left out of every figure
    elif ready_at <= now:
        returned_at = ready_at + timedelta(days=rng.randint(0, 2))
        dossier.result_ready_at = ready_at
        dossier.status = 10 if returned_at <= now else 9
        if dossier.status == 10:
            dossier.returned_at = returned_at
            if rng.random() < 0.6:
                dossier.rating = rng.choices(STARS, STAR_WEIGHTS)[0]
                dossier.rated_at = returned_at
    else:
        dossier.status = 5 if pauses and pauses[0][1] > now.date() else 4
    dossier.pauses = [ClockPause(stopped_on=s, resumed_on=r if r <= now.date() else None) for s, r in pauses]
    return dossier
