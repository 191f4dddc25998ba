"""The steps of an online application: which ones a procedure has, and which comes next."""

from flask_babel import lazy_gettext as _l

from wardportal.apply.blueprint import bp

STEP_LABELS = {
    "apply.applicant": _l("Người nộp"), "apply.case": _l("Trường hợp"), "apply.eform": _l("Tờ khai"),
    "apply.documents": _l("Giấy tờ"), "apply.delivery": _l("Nhận kết quả"), "apply.review": _l("Kiểm tra và nộp"),
}


def steps_for(procedure) -> list[str]:
    """The steps of an application for this procedure, in order."""
    steps = ["apply.applicant"]
    if procedure.questions:
        steps.append("apply.case")
    if procedure.eform:
        steps.append("apply.eform")
    return steps + ["apply.documents", "apply.delivery", "apply.review"]


def next_step(procedure, current: str) -> str:
    """The step after `current` for this procedure."""
    steps = steps_for(procedure)
    return steps[steps.index(current) + 1]


@bp.app_context_processor
def _step_helpers():
    """The step list for the draft pages' navigation."""
    return {"apply_steps": lambda procedure: [(s, STEP_LABELS[s]) for s in steps_for(procedure)]}
