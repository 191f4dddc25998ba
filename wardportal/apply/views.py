"""Apply online: start, applicant details, documents, delivery, check answers, submit, confirmation.

Every step saves what was typed or uploaded to the draft before anything else, so a page shown again,
a closed browser or a "save and come back later" loses nothing. The draft's URL carries its secret
token and is the resume link. The dossier pages carry the dossier's tracking token (the second factor).
"""

from flask import abort, current_app, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from jinja2_fragments.flask import render_block

from wardportal.apply.blueprint import bp
from wardportal.apply.forms import ApplicantForm, DeliveryForm, Problems
from wardportal.apply.steps import next_step
from wardportal.catalogue import fees as fee_rules, queries as catalogue
from wardportal.catalogue.eforms.answers import condition_text, document_applies
from wardportal.dossiers import (deadlines, declaration, draft_limits, files as dossier_files,
    queries as dossier_queries, receipts, submissions)
from wardportal.dossiers.eform_case import case_of
from wardportal.dossiers.models import Dossier
from wardportal.dossiers.second_factor import remember_dossier, session_verified
from wardportal.dossiers.status import DossierStatus
from wardportal.kernel import file_storage, signature_policy
from wardportal.kernel.database import writing
from wardportal.kernel.extensions import db, limiter
from wardportal.kernel.public_address import public_base_url, public_url
from wardportal.kernel.request_facts import client_address
from wardportal.kernel.text_input import cleaned_form
from wardportal.kernel.times import VIETNAM_TZ, local_day
from wardportal.payments import delivery as result_delivery, ledger
from wardportal.residents import operations as residents
from wardportal.residents.sessions import current_resident
from wardportal.staff.wards import ward_by_slug

APPLICANT_HINTS = {
    "citizen_id": _l("12 chữ số in trên thẻ căn cước hoặc trong ứng dụng VNeID."),
    "birth_date": _l("Ngày/tháng/năm, ví dụ 27/03/1990."),
    "phone": _l("Phường, xã gửi tin nhắn về hồ sơ đến số này. 4 số cuối dùng để tra cứu hồ sơ."),
    "email": _l("Để nhận mã hồ sơ và thông báo qua thư điện tử."),
}


@bp.app_template_filter("file_size")
def file_size(size: int) -> str:
    """A file size as people read it: "23 KB" below 1 MB, "1.4 MB" above (never "0.0 MB")."""
    if size < 1024 * 1024:
        return f"{max(1, (size + 1023) // 1024) if size else 0} KB"
    return f"{size / 1048576:.1f} MB"


def _limit(setting: str, default: str):
    """A rate limit read from the settings at request time (per client address)."""
    return limiter.limit(lambda: current_app.config.get(setting, default), methods=["POST"])


def _procedure_or_404(code: str):
    """The ward's published procedure, or 404."""
    procedure = catalogue.procedure_by_code(g.ward, code)
    if procedure is None:
        abort(404)
    return procedure


def _draft_or_404(token: str):
    """The ward's draft behind the token (404 otherwise); a submitted draft sends to its dossier."""
    draft = submissions.draft_by_token(g.ward, token)
    if draft is None:
        abort(404)
    return draft


def _dossier_or_404(token: str) -> Dossier:
    """The ward's dossier with this tracking token, or 404 (another ward's token is a 404 too)."""
    dossier = dossier_queries.dossier_by_token(g.ward, token)
    if dossier is None:
        abort(404)
    return dossier


def _submitted(draft):
    """Redirect to the dossier page when the draft was already submitted, else None."""
    if draft.dossier is not None:
        return redirect(url_for("apply.confirmation", token=draft.dossier.tracking_token))
    return None


def _remember(draft_procedure_id: int, token: str) -> None:
    """Keep the resume token in a lasting cookie, so reopening the phone's browser finds the draft."""
    drafts = dict(session.get("drafts", {}))
    drafts[str(draft_procedure_id)] = token
    session["drafts"] = drafts
    session.permanent = True


def _after_step(token: str, next_endpoint: str):
    """Go on, or to the 'saved' page when the applicant chose to finish later."""
    if cleaned_form().get("action") == "save":
        return redirect(url_for("apply.saved", token=token))
    return redirect(url_for(next_endpoint, token=token))


# ---------------------------------------------------------------- start and resume


@bp.get("/<ward_slug>/thu-tuc/<code>/nop-ho-so")
def start(code):
    """What the applicant needs before starting, and the button that opens a draft."""
    procedure = _procedure_or_404(code)
    token = session.get("drafts", {}).get(str(procedure.id))
    existing = submissions.draft_by_token(g.ward, token) if token else None
    if existing is not None and existing.dossier_id is not None:
        existing = None
    conditions = {i: condition_text(procedure.questions, d.condition) for i, d in enumerate(procedure.documents)}
    return render_template("apply/start.html", procedure=procedure, existing=existing, token=token,
                           conditions=conditions)


@bp.post("/<ward_slug>/thu-tuc/<code>/nop-ho-so")
@_limit("DRAFT_RATE_LIMIT", "30 per hour")
def create_draft(code):
    """Open a new draft and go to the first step."""
    procedure = _procedure_or_404(code)
    try:
        client = draft_limits.client_hash(client_address(), current_app.config["SECRET_KEY"])
        draft, token = submissions.start_draft(g.ward, procedure, client)
    except submissions.SubmissionRefused:
        return render_template("apply/closed.html", procedure=procedure), 403
    resident = current_resident()
    if resident is not None:
        # Signed in: the draft is listed among the resident's own, the verified details already filled in.
        residents.claim_draft(resident, draft)
        submissions.save_answers(draft, residents.prefill(resident, draft.answers))
    _remember(draft.procedure_id, token)
    return redirect(url_for("apply.applicant", token=token))


@bp.get("/<ward_slug>/nop-ho-so/<token>")
def resume(token):
    """The resume link: back to the first step that still needs something."""
    draft = _draft_or_404(token)
    if (done := _submitted(draft)) is not None:
        return done
    _, errors = submissions.check_draft(draft)
    if any(name in errors for name in submissions.APPLICANT_FIELDS):
        return redirect(url_for("apply.applicant", token=token))
    if any(name.startswith("q-") for name in errors):
        return redirect(url_for("apply.case", token=token))
    if any(name.startswith("f-") for name in errors):
        return redirect(url_for("apply.eform", token=token))
    if any(name.startswith("doc-") for name in errors):
        return redirect(url_for("apply.documents", token=token))
    if "delivery_method" in errors:
        return redirect(url_for("apply.delivery", token=token))
    return redirect(url_for("apply.review", token=token))


@bp.get("/<ward_slug>/nop-ho-so/<token>/da-luu")
def saved(token):
    """Saved: the link to come back with."""
    draft = _draft_or_404(token)
    if (done := _submitted(draft)) is not None:
        return done
    link = public_url("apply.resume", token=token)
    return render_template("apply/saved.html", draft=draft, procedure=draft.procedure, link=link)


# ---------------------------------------------------------------- step 1: applicant


@bp.route("/<ward_slug>/nop-ho-so/<token>/thong-tin", methods=["GET", "POST"])
def applicant(token):
    """Who is applying: name, citizen ID, birth date, phone, email (optional), address."""
    draft = _draft_or_404(token)
    if (done := _submitted(draft)) is not None:
        return done
    resident = current_resident()
    verified = residents.verified_answers(resident) if residents.owns_draft(resident, draft) else {}
    if request.method == "POST":
        form = ApplicantForm()
        for name, value in verified.items():
            form[name].data = value  # what the provider vouched for is not retyped, nor changed by a crafted post
        submissions.save_answers(draft, {name: form[name].data for name in submissions.APPLICANT_FIELDS})
        if cleaned_form().get("action") == "save" or form.validate():
            return _after_step(token, next_step(draft.procedure, "apply.applicant"))
    else:
        form = ApplicantForm(data={k: v for k, v in {**(draft.answers or {}), **verified}.items()
                                   if k in submissions.APPLICANT_FIELDS})
    return render_template("apply/applicant.html", form=form, draft=draft, token=token,
                           procedure=draft.procedure, hints=APPLICANT_HINTS, verified=verified,
                           fields=submissions.APPLICANT_FIELDS), (400 if form.errors else 200)


@bp.post("/<ward_slug>/nop-ho-so/<token>/kiem-tra/<name>")
def check_field(token, name):
    """htmx, when the applicant leaves a field: save the answers and show that field checked."""
    draft = _draft_or_404(token)
    if name not in submissions.APPLICANT_FIELDS or draft.dossier_id is not None:
        abort(404)
    form = ApplicantForm()
    submissions.save_answers(draft, {n: form[n].data for n in submissions.APPLICANT_FIELDS if n in cleaned_form()})
    field = form[name]
    field.validate(form)
    return render_block("apply/applicant.html", "field_group", form=form, name=name, token=token,
                        hints=APPLICANT_HINTS)


# ---------------------------------------------------------------- step 2: documents


def _documents_page(draft, token, errors: dict, status: int = 200):
    """The upload page with the documents this case needs (and what is already uploaded), slot by slot."""
    by_slot = {i: [] for i in range(len(draft.procedure.documents))}
    for upload in draft.files:
        by_slot.setdefault(upload.document_index, []).append(upload)
    limits = file_storage.limits_from_config(current_app.config)
    return render_template("apply/documents.html", draft=draft, token=token, procedure=draft.procedure,
                           slots=_applicable_slots(draft), by_slot=by_slot, errors=errors,
                           problems=Problems(errors), limits=limits,
                           total=sum(f.size for f in draft.files)), status


def _applicable_slots(draft) -> list[tuple[int, object]]:
    """(index, document) of the documents the answers ask for; other documents are not shown."""
    questions = (draft.answers or {}).get("questions") or {}
    return [(i, d) for i, d in enumerate(draft.procedure.documents) if document_applies(d, questions)]


@bp.route("/<ward_slug>/nop-ho-so/<token>/giay-to", methods=["GET", "POST"])
@_limit("UPLOAD_RATE_LIMIT", "120 per hour")
def documents(token):
    """One upload slot per required document, several files each; refused files are named with why."""
    draft = _draft_or_404(token)
    if (done := _submitted(draft)) is not None:
        return done
    if request.method == "GET":
        return _documents_page(draft, token, {})
    errors = {}
    for index, _document in _applicable_slots(draft):
        for upload in request.files.getlist(f"doc-{index}"):
            if not upload.filename:
                continue  # a slot left empty still sends a part, without a file name
            try:
                submissions.add_draft_file(draft, index, upload.stream, upload.filename)
            except file_storage.FileRefused as refused:
                errors.setdefault(f"doc-{index}", refused.message)
    if errors:
        return _documents_page(draft, token, errors, 400)
    if cleaned_form().get("action") == "save":
        return redirect(url_for("apply.saved", token=token))
    if cleaned_form().get("action") == "upload":
        return redirect(url_for("apply.documents", token=token))
    missing = submissions.missing_documents(draft)
    if missing:
        names = draft.procedure.documents
        return _documents_page(draft, token, {f"doc-{i}": _("Tải lên “%(name)s”", name=names[i].name)
                                              for i in missing}, 400)
    return redirect(url_for("apply.delivery", token=token))


@bp.post("/<ward_slug>/nop-ho-so/<token>/giay-to/<int:file_id>/xoa")
def remove_file(token, file_id):
    """Take an uploaded file out of the draft."""
    draft = _draft_or_404(token)
    if (done := _submitted(draft)) is not None:
        return done
    if not submissions.remove_draft_file(draft, file_id):
        abort(404)
    return redirect(url_for("apply.documents", token=token))


# ---------------------------------------------------------------- step 3: delivery, then review


@bp.route("/<ward_slug>/nop-ho-so/<token>/nhan-ket-qua", methods=["GET", "POST"])
def delivery(token):
    """How the result reaches the applicant."""
    draft = _draft_or_404(token)
    if (done := _submitted(draft)) is not None:
        return done
    choices = submissions.delivery_choices(draft.procedure)
    if request.method == "POST":
        form = DeliveryForm()
        form.set_choices(choices)
        submissions.save_answers(draft, {"delivery_method": form.delivery_method.data or "",
                                         "postal_address": form.postal_address.data or "",
                                         "fee_copies": form.fee_copies.data or "",
                                         "fee_urgent": "1" if form.fee_urgent.data else ""})
        valid = form.validate()
        if form.delivery_method.data not in choices:
            form.delivery_method.errors = [_("Chọn cách nhận kết quả")]
            valid = False
        problem = submissions.postal_address_problem(draft.answers or {})
        if problem:
            form.postal_address.errors = [str(problem)]
            valid = False
        if cleaned_form().get("action") == "save" or valid:
            return _after_step(token, "apply.review")
    else:
        answers = draft.answers or {}
        form = DeliveryForm(data={"delivery_method": answers.get("delivery_method"),
                                  "postal_address": answers.get("postal_address") or answers.get("address", ""),
                                  "fee_copies": answers.get("fee_copies") or "1",
                                  "fee_urgent": bool(answers.get("fee_urgent"))})
        form.set_choices(choices)
    schedule = fee_rules.parse_schedule(draft.procedure.fee_schedule)
    return render_template("apply/delivery.html", form=form, draft=draft, token=token,
                           procedure=draft.procedure, schedule=schedule,
                           bill=ledger.bill_for(draft.procedure, draft.answers),
                           postage=result_delivery.postage_for(g.ward)), (400 if form.errors else 200)


@bp.get("/<ward_slug>/nop-ho-so/<token>/kiem-tra")
def review(token):
    """Check your answers before submitting."""
    draft = _draft_or_404(token)
    if (done := _submitted(draft)) is not None:
        return done
    applicant_data, errors = submissions.check_draft(draft)
    return _review_page(draft, token, applicant_data, errors)


def _review_page(draft, token, applicant_data, errors, status=200):
    """The check-your-answers page (with problems, when the final submit found some)."""
    by_slot = {}
    for upload in draft.files:
        by_slot.setdefault(upload.document_index, []).append(upload)
    questions, rows, _ = case_of(draft)
    return render_template("apply/review.html", draft=draft, token=token, procedure=draft.procedure,
                           answers=draft.answers or {}, applicant=applicant_data, by_slot=by_slot,
                           slots=_applicable_slots(draft), questions=questions, eform_rows=rows,
                           problems=Problems(errors), errors=errors,
                           bill=ledger.bill_for(draft.procedure, draft.answers),
                           postage=result_delivery.postage_for(g.ward)), status


@bp.post("/<ward_slug>/nop-ho-so/<token>/nop")
@_limit("SUBMIT_RATE_LIMIT", "10 per minute;50 per day")
def submit(token):
    """The final submit: one dossier per draft however often it is sent."""
    draft = _draft_or_404(token)
    first_time = draft.dossier_id is None
    try:
        dossier = submissions.submit_draft(draft)
    except submissions.SubmissionRefused as refused:
        return _review_page(draft, token, None, refused.errors, 400)
    if first_time:
        try:
            receipts.issue_receipt(dossier, public_base_url() or "")
        except file_storage.StorageFull:
            # The dossier is in; the receipt is issued when it is first opened, once there is room again.
            current_app.logger.warning("receipt of a new dossier not stored: disk full")
        _issue_declaration(dossier)
        _mark_verified(draft, dossier)
    drafts = dict(session.get("drafts", {}))
    drafts.pop(str(dossier.procedure_id), None)
    session["drafts"] = drafts
    _remember_for_tracking(dossier)
    return redirect(url_for("apply.confirmation", token=dossier.tracking_token))


def _mark_verified(draft, dossier) -> None:
    """The signed-in resident submitted their own draft: the officer sees the details as verified."""
    resident = current_resident()
    if residents.owns_draft(resident, draft) and residents.mark_verified(resident, dossier):
        db.session.commit()


def _issue_declaration(dossier) -> None:
    """Make the declaration PDF from the e-form answers; the answers stay on the dossier if this fails."""
    try:
        declaration.issue_declaration(dossier)
    except Exception:  # noqa: BLE001 — officers still see the answers; the desk can make it again
        db.session.rollback()
        current_app.logger.exception("declaration failed dossier=%s", dossier.code)


def _remember_for_tracking(dossier) -> None:
    """The browser that submitted may open the receipt and the full tracking page without the phone check."""
    remember_dossier(dossier)


# ---------------------------------------------------------------- the dossier: confirmation, receipt, files


@bp.get("/<ward_slug>/ho-so/<token>/da-nop")
def confirmation(token):
    """Submitted: the code, the expected return date, what happens next and the receipt (no personal data)."""
    dossier = _dossier_or_404(token)
    received = dossier.received_at or dossier.submitted_at
    return render_template("apply/confirmation.html", dossier=dossier, token=token,
                           status=DossierStatus(dossier.status), snapshot=dossier.procedure_snapshot or {},
                           clock_start=deadlines.clock_start_day(dossier.ward, received),
                           received_day=local_day(received),
                           tracking_link=public_url("track.dossier_page", token=token),
                           fee=ledger.fee_status(dossier))


@bp.get("/<ward_slug>/ho-so/<token>/bien-nhan.pdf")
def receipt(token):
    """The signed receipt, issued at submission (issued now if that failed then).

    It carries the applicant's personal data, so a browser that has not answered the phone check for this
    dossier is sent to the tracking page, which asks for it.
    """
    dossier = _dossier_or_404(token)
    if not session_verified(dossier):
        return redirect(url_for("track.dossier_page", token=token))
    row = receipts.stored_receipt(dossier)
    if row is None:
        with writing():
            db.session.rollback()  # drop the read-only transaction; the next one may write
            row = receipts.issue_receipt(dossier, public_base_url() or "")
    return dossier_files.send_dossier_file(row)


# ---------------------------------------------------------------- verification of signed documents


@bp.route("/xac-thuc-van-ban", methods=["GET", "POST"])
@_limit("VERIFY_RATE_LIMIT", "30 per minute")
def verify():
    """Upload a PDF: was it signed by one of this install's wards and left unchanged since?"""
    result, error = None, None
    if request.method == "POST":
        upload = request.files.get("document")
        data = upload.read(current_app.config.get("MAX_FILE_BYTES", 10 * 1024 * 1024) + 1) if upload else b""
        if not data:
            error = _("Chọn tệp PDF cần kiểm tra")
        elif len(data) > current_app.config.get("MAX_FILE_BYTES", 10 * 1024 * 1024):
            error = _("Tệp lớn hơn giới hạn cho phép")
        else:
            result = signature_policy.verify(data, signature_policy.current_context())
    signer_ward = ward_by_slug(result.ward_slug) if result and result.ward_slug else None
    signed_at = result.signed_at.astimezone(VIETNAM_TZ) if result and result.signed_at else None
    return render_template("apply/verify.html", result=result, error=error, signer_ward=signer_ward,
                           signed_at=signed_at,
                           problems=Problems({"document": error} if error else {})), (400 if error else 200)
