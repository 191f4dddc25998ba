"""How wards, guides, figures, dossier status and feedback look in the open data API (JSON-ready dicts)."""

from wardportal.catalogue.models import Procedure
from wardportal.dossiers.processing_time import ObservedTime
from wardportal.dossiers.status import DossierStatus
from wardportal.feedback.models import FeedbackReport
from wardportal.kernel.public_address import public_url
from wardportal.kernel.times import as_utc
from wardportal.staff.models import Ward
from wardportal.stats.transparency import Figures, WardRank


def iso(moment) -> str | None:
    """A stored moment as ISO 8601 in UTC."""
    return as_utc(moment).isoformat() if moment is not None else None


def ward(w: Ward) -> dict:
    """A ward's public details; ``url`` fields are on the public address (``public_url``), never on the
    client's Host, port or scheme."""
    return {"slug": w.slug, "name": w.name, "name_en": w.name_en or None, "province": w.province or None,
            "address": w.address or None, "hours": w.hours or None, "hotline": w.hotline or None,
            "email": w.email or None, "url": public_url("site.ward_home", ward_slug=w.slug)}


def procedure_summary(p: Procedure, ward_slug: str) -> dict:
    """A guide in a list."""
    return {"code": p.code, "title": p.title, "field": p.field, "processing_days": p.processing_days,
            "online_level": p.online_level,
            "url": public_url("site.procedure_guide", ward_slug=ward_slug, code=p.code)}


def procedure_detail(p: Procedure, ward_slug: str, observed: ObservedTime | None) -> dict:
    """A guide in full, with the processing time observed over the last 90 days when there are enough cases."""
    return {**procedure_summary(p, ward_slug), "summary": p.summary, "applicants": p.applicants, "steps": p.steps,
            "requirements": p.requirements, "fee": p.fee, "legal_basis": p.legal_basis, "result": p.result,
            "where_to_submit": p.where_to_submit, "implementing_body": p.implementing_body,
            "documents": [{"name": d.name, "original": d.original, "copies": d.copies} for d in p.documents],
            "observed_processing_days": None if observed is None else {
                "cases": observed.cases, "median": observed.median, "p90": observed.p90, "window_days": 90}}


def _rate(value):
    return None if value is None else round(value, 2)


def figures(f: Figures) -> dict:
    """Figures for a period, numbers unformatted."""
    return {
        "period": {"kind": f.period.kind, "start": f.period.start.isoformat(), "end": f.period.end.isoformat()},
        "received": f.received, "resolved": f.resolved, "on_time": f.resolved_on_time, "late": f.late,
        "in_progress": f.in_progress, "received_online": f.received_online,
        "on_time_rate": _rate(f.on_time_rate), "online_share": _rate(f.online_share),
        "processing_days_average": _rate(f.processing_days_average),
        "legal_days_average": _rate(f.legal_days_average),
        "satisfaction": {"ratings": f.ratings, "average": _rate(f.rating_average),
                         "satisfied_rate": _rate(f.satisfaction_rate),
                         "distribution": {str(k): v for k, v in f.rating_distribution.items()}},
        "series": [{"date": d.isoformat(), "received": r, "resolved": s, "on_time": o} for d, r, s, o in f.series],
        "top_procedures": [{"code": p.code, "title": p.title, "received": p.received, "resolved": p.resolved,
                            "on_time": p.on_time, "processing_days_average": _rate(p.average_days),
                            "legal_days": p.legal_days} for p in f.procedures],
    }


def ranking(ranks: list[WardRank]) -> list[dict]:
    """The province ranking."""
    return [{"rank": n, "ward": r.ward.slug, "name": r.ward.name, "received": r.received, "resolved": r.resolved,
             "on_time": r.on_time, "on_time_rate": _rate(r.on_time_rate), "online_share": _rate(r.online_share),
             "rating_average": _rate(r.rating_average)} for n, r in enumerate(ranks, 1)]


def dossier_status(code: str, status: int, last_update) -> dict:
    """What the code alone may tell (the tracking page's rule): the status and when it last changed."""
    s = DossierStatus(status)
    return {"code": code, "status": s.value, "status_vi": s.label_vi, "status_en": s.label_en,
            "last_update": iso(last_update)}


def feedback(r: FeedbackReport, with_description: bool = True) -> dict:
    """A report without the reporter's personal data; the answer only once it is public."""
    return {"code": r.tracking_code, "category": r.category.code, "category_name": r.category.name,
            "status": r.status, "description": r.description if with_description else None,
            "address": r.address_text or None, "lat": r.latitude, "long": r.longitude,
            "created_at": iso(r.created_at), "updated_at": iso(r.updated_at),
            "answer": r.public_answer if r.is_public else None,
            "answered_at": iso(r.answered_at) if r.is_public else None}
