"""Sign in with the national identity, sign out, and "Hồ sơ của tôi" (every dossier, draft and report).

Nothing here exists without a configured provider: every route answers 404 and no link is shown.
"""

from functools import wraps

from flask import abort, current_app, redirect, render_template, session, url_for

from wardportal.dossiers import submissions, workflow
from wardportal.dossiers.status import DossierStatus
from wardportal.kernel.extensions import db, limiter
from wardportal.kernel.public_address import public_base_url
from wardportal.kernel.times import now_utc
from wardportal.payments import ledger
from wardportal.residents import operations, provider, queries
from wardportal.residents.blueprint import bp
from wardportal.residents.forms import ResumeDraftForm, SignOutForm
from wardportal.residents.sessions import (SESSION_SID, current_resident, end_resident_session,
                                          start_resident_session)


def provider_required(view):
    """404 unless an identity provider is configured: without one, this area does not exist."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not provider.is_configured():
            abort(404)
        return view(*args, **kwargs)

    return wrapped


def _site_url(endpoint: str) -> str:
    """An absolute URL of this site for the provider (the public address when set, else this request's)."""
    base = public_base_url()
    path = url_for(endpoint)
    return base + path if base else url_for(endpoint, _external=True)


@bp.app_context_processor
def _resident_nav():
    """The header's sign-in link or "Hồ sơ của tôi", from settings and the cookie only (no query)."""
    return {"resident_nav": {"shown": provider.is_configured(),
                             "signed_in": bool(session.get(SESSION_SID))}}


@bp.get("/dang-nhap")
@provider_required
@limiter.limit(lambda: current_app.config.get("RESIDENT_SIGN_IN_RATE_LIMIT", "30 per minute"))
def sign_in():
    """Off to the identity provider (authorization code flow with PKCE, state and nonce)."""
    try:
        return provider.begin_sign_in(_site_url("residents.callback"))
    except provider.SignInRefused as refused:
        return render_template("residents/refused.html", message=refused.message), 503


@bp.get("/dang-nhap/oidc/ve")
@provider_required
@limiter.limit(lambda: current_app.config.get("RESIDENT_SIGN_IN_RATE_LIMIT", "30 per minute"))
def callback():
    """The provider's answer: checked by Authlib, then the resident is signed in on a new session."""
    try:
        identity = provider.finish_sign_in()
    except provider.SignInRefused as refused:
        status = 503 if refused.reason == "unavailable" else 400
        return render_template("residents/refused.html", message=refused.message), status
    resident = operations.record_sign_in(identity, now_utc())
    start_resident_session(resident, identity.id_token)
    db.session.commit()
    current_app.logger.info("resident signed in: resident=%s", resident.id)
    return redirect(url_for("residents.my_dossiers"))


@bp.post("/dang-xuat")
@provider_required
def sign_out():
    """End the portal session, then the provider's (RP-initiated logout) when it offers one."""
    if not SignOutForm().validate_on_submit():
        abort(400)
    id_token = end_resident_session()
    home = _site_url("site.list_wards")
    target = provider.logout_url(id_token, home) if id_token else None
    if target is None:
        return redirect(url_for("site.list_wards"))
    # A page, not a redirect: the policy's form-action 'self' stops a form's redirect to another origin, so
    # the browser goes on to the provider's logout by this page's refresh (or its link).
    return render_template("residents/signed_out.html", logout_url=target)


def resident_required(view):
    """The signed-in resident as ``resident``, or off to the sign-in page."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        resident = current_resident()
        if resident is None:
            return render_template("residents/sign_in.html"), 401
        return view(resident, *args, **kwargs)

    return wrapped


@bp.get("/ho-so-cua-toi")
@provider_required
@resident_required
def my_dossiers(resident):
    """"Hồ sơ của tôi": every dossier of the resident in every ward, their drafts and feedback reports."""
    dossiers = queries.dossiers_of(resident)
    return render_template(
        "residents/my_dossiers.html", resident=resident, dossiers=dossiers, results={d.id: _result(d) for d in dossiers},
        fees={d.id: ledger.fee_status(d) for d in dossiers}, statuses={d.id: DossierStatus(d.status) for d in dossiers},
        drafts=queries.drafts_of(resident), reports=queries.reports_of(resident),
        sign_out_form=SignOutForm(), resume_form=ResumeDraftForm())


def _result(dossier):
    """The signed result the resident may download here (online delivery, once ready), or None; the download
    goes through the tracking area's own file route and its checks."""
    if dossier.delivery_method != "online" or dossier.status not in (DossierStatus.READY, DossierStatus.RETURNED):
        return None
    return workflow.result_file(dossier)


@bp.post("/ho-so-cua-toi/ban-nhap/<int:draft_id>")
@provider_required
@resident_required
def resume_draft(resident, draft_id):
    """Go on with one of the resident's drafts: a fresh resume link (the old one stops working)."""
    if not ResumeDraftForm().validate_on_submit():
        abort(400)
    draft = queries.draft_of(resident, draft_id)
    if draft is None:
        abort(404)
    token = submissions.new_resume_token(draft)
    drafts = dict(session.get("drafts", {}))
    drafts[str(draft.procedure_id)] = token
    session["drafts"] = drafts
    return redirect(url_for("apply.resume", token=token, ward_slug=draft.ward.slug))
