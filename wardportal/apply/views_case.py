"""Apply online, the case itself: the yes/no questions that decide the documents, and the e-form.

Both steps exist only for procedures that define them (``Procedure.questions``, ``Procedure.eform``).
Like every step, they save what was typed before checking it.
"""

from flask import redirect, render_template, request, url_for

from wardportal.apply.blueprint import bp
from wardportal.apply.forms import Problems
from wardportal.apply.steps import next_step
from wardportal.apply.views import _after_step, _draft_or_404, _submitted
from wardportal.catalogue.eforms.answers import check_eform, check_questions, field_applies
from wardportal.dossiers import eform_case as draft_case
from wardportal.kernel.text_input import cleaned_form
from wardportal.kernel.times import local_day, now_utc

@bp.route("/<ward_slug>/nop-ho-so/<token>/truong-hop", methods=["GET", "POST"])
def case(token):
    """A few yes/no questions about the applicant's case; they decide which documents are asked for."""
    draft = _draft_or_404(token)
    if (done := _submitted(draft)) is not None:
        return done
    procedure = draft.procedure
    if not procedure.questions:
        return redirect(url_for(next_step(procedure, "apply.applicant"), token=token))
    errors = {}
    if request.method == "POST":
        draft_case.save_case(draft, "questions", {q["key"]: cleaned_form(multiline=True).get(f"q-{q['key']}", "")
                                                   for q in procedure.questions})
        _, errors = check_questions(procedure.questions, draft.answers.get("questions"))
        if cleaned_form(multiline=True).get("action") == "save" or not errors:
            return _after_step(token, next_step(procedure, "apply.case"))
    answers = (draft.answers or {}).get("questions") or {}
    return render_template("apply/case.html", draft=draft, token=token, procedure=procedure, answers=answers,
                           errors=errors, problems=Problems(errors)), (400 if errors else 200)


@bp.route("/<ward_slug>/nop-ho-so/<token>/to-khai", methods=["GET", "POST"])
def eform(token):
    """The declaration (tờ khai điện tử) as a form; its answers become the declaration PDF."""
    draft = _draft_or_404(token)
    if (done := _submitted(draft)) is not None:
        return done
    procedure = draft.procedure
    if not procedure.eform:
        return redirect(url_for(next_step(procedure, "apply.applicant"), token=token))
    errors = {}
    questions = (draft.answers or {}).get("questions") or {}
    if request.method == "POST":
        draft_case.save_case(draft, "eform", {f["name"]: cleaned_form(multiline=True).get(f"f-{f['name']}", "")
                                               for f in procedure.eform["fields"]})
        _, errors = check_eform(procedure.eform, questions, draft.answers.get("eform"),
                                local_day(now_utc()))
        if cleaned_form(multiline=True).get("action") == "save" or not errors:
            return _after_step(token, next_step(procedure, "apply.eform"))
    typed = (draft.answers or {}).get("eform") or {}
    # Fields switched off by a question answered earlier are not shown; fields that depend on a choice
    # on this same page are shown with a hint, since the page must work without JavaScript.
    fields = [f for f in procedure.eform["fields"] if "question" not in (f.get("when") or {})
              or field_applies(f, questions, {})]
    labels = {f["name"]: f["label"] for f in procedure.eform["fields"]}
    return render_template("apply/eform.html", draft=draft, token=token, procedure=procedure, fields=fields,
                           typed=typed, labels=labels, errors=errors,
                           problems=Problems(errors)), (400 if errors else 200)
