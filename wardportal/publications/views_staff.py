"""Editors' pages: list, write, edit, publish now or at a set time, unpublish, revisions."""

from __future__ import annotations

from datetime import timezone

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from wardportal.approvals.drafts import ward_leaders
from wardportal.catalogue.editing import Actor
from wardportal.kernel import file_storage
from wardportal.kernel.extensions import db
from wardportal.kernel.request_facts import client_address
from wardportal.kernel.times import VIETNAM_TZ, now_utc
from wardportal.publications import editing
from wardportal.publications.approval import AWAITING
from wardportal.publications.blueprint import bp
from wardportal.publications.forms import PublicationForm, PublishForm
from wardportal.publications.kinds import KIND_LABELS, KIND_SLUGS, SLUG_KINDS
from wardportal.publications.signing import signature_status
from wardportal.staff.access import current_staff, staff_required

EDITOR_ROLES = ("editor", "admin")
RULE_MESSAGES = {"pdf_required": _l("Chọn tệp PDF của văn bản."), "bad_kind": _l("Loại tin không hợp lệ.")}


def _actor() -> Actor:
    """The signed-in editor, their address and the time."""
    return Actor(current_staff(), client_address(), now_utc())


def _publication_or_404(publication_id: int):
    """A publication of ``g.ward`` (another ward's is a 404)."""
    pub = editing.ward_publication(g.ward, publication_id)
    if pub is None:
        abort(404)
    return pub


@bp.get("/<ward_slug>/can-bo/cong-bo/")
@staff_required(*EDITOR_ROLES, personal_data=False)
def staff_list():
    """Every notice, news article and document of the ward, with its state."""
    return render_template("publications/staff_list.html", items=editing.ward_publications(g.ward),
                           kind_labels=KIND_LABELS, kind_slugs=KIND_SLUGS, now=now_utc())


def _edit(kind: str, pub=None):
    """Shared by new and edit: validate, store uploads, save a revision; re-show the form on errors."""
    form = PublicationForm(obj=pub).for_kind(kind)
    if form.validate_on_submit():
        files = request.files
        picture = files.get("picture") if kind == "news" and files.get("picture") else None
        pdf = files.get("pdf") if kind == "document" and files.get("pdf") else None
        try:
            pub, revision = editing.save(g.ward, pub, kind, form.values(), _actor(), picture=picture and
                                         picture.stream, pdf=pdf and pdf.stream, pdf_name=pdf and pdf.filename)
        except file_storage.FileRefused as exc:
            db.session.rollback()
            form[("picture" if kind == "news" else "pdf")].errors.append(str(exc))
        except editing.PublicationError as exc:
            db.session.rollback()
            form["pdf"].errors.append(str(RULE_MESSAGES.get(exc.code, exc.code)))
        else:
            flash(_("Đã lưu (phiên bản %(n)s).", n=revision.number) if revision
                  else _("Không có thay đổi nào để lưu."))
            return redirect(url_for("publications.staff_edit", publication_id=pub.id))
    status = 422 if form.errors else 200
    signature = signature_status(pub) if pub is not None and pub.kind == "document" and pub.pdf_name else None
    leaders_sign = kind == "document" and bool(ward_leaders(g.ward))
    return render_template("publications/staff_edit.html", form=form, pub=pub, kind=kind, leaders_sign=leaders_sign,
                           kind_label=KIND_LABELS[kind], kind_slug=KIND_SLUGS[kind], publish_form=PublishForm(
                               formdata=None), signature=signature, now=now_utc()), status


@bp.route("/<ward_slug>/can-bo/cong-bo/moi/<kind_slug>", methods=["GET", "POST"])
@staff_required(*EDITOR_ROLES, personal_data=False)
def staff_new(kind_slug):
    """Write a new notice, news article or document (a draft until published)."""
    if kind_slug not in SLUG_KINDS:
        abort(404)
    return _edit(SLUG_KINDS[kind_slug])


@bp.route("/<ward_slug>/can-bo/cong-bo/<int:publication_id>/sua", methods=["GET", "POST"])
@staff_required(*EDITOR_ROLES, personal_data=False)
def staff_edit(publication_id):
    """Edit a publication."""
    pub = _publication_or_404(publication_id)
    return _edit(pub.kind, pub)


@bp.post("/<ward_slug>/can-bo/cong-bo/<int:publication_id>/cong-bo")
@staff_required(*EDITOR_ROLES, personal_data=False)
def staff_publish(publication_id):
    """Publish now, or at the date and time given (ward time); an unsigned document goes to the ward's
    leaders to sign first (or, in a ward without leaders, is sealed at once)."""
    pub = _publication_or_404(publication_id)
    form = PublishForm()
    if not form.validate_on_submit():
        flash(_("Ngày giờ công bố không hợp lệ."))
        return redirect(url_for("publications.staff_edit", publication_id=pub.id))
    at = None
    if form.publish_at.data:
        at = form.publish_at.data.replace(tzinfo=VIETNAM_TZ).astimezone(timezone.utc)
    actor = _actor()
    if at is not None and at <= actor.now:
        at = None  # a moment already past means "now"
    editing.publish(pub, actor, at)
    if pub.status == AWAITING:
        flash(_("Đã gửi lãnh đạo ký ban hành; văn bản được công bố sau khi ký."))
    elif at is None:
        flash(_("Đã công bố."))
    else:
        flash(_("Đã hẹn công bố lúc %(t)s.", t=at.astimezone(VIETNAM_TZ).strftime("%d/%m/%Y %H:%M:%S")))
    return redirect(url_for("publications.staff_edit", publication_id=pub.id))


@bp.post("/<ward_slug>/can-bo/cong-bo/<int:publication_id>/ngung")
@staff_required(*EDITOR_ROLES, personal_data=False)
def staff_unpublish(publication_id):
    """Take a publication off the public site (or cancel its schedule)."""
    pub = _publication_or_404(publication_id)
    editing.unpublish(pub, _actor())
    flash(_("Đã ngừng công bố."))
    return redirect(url_for("publications.staff_edit", publication_id=pub.id))


@bp.get("/<ward_slug>/can-bo/cong-bo/<int:publication_id>/phien-ban")
@staff_required(*EDITOR_ROLES, personal_data=False)
def staff_revisions(publication_id):
    """The publication's history: who saved, published or unpublished it, when, and what changed."""
    pub = _publication_or_404(publication_id)
    return render_template("publications/staff_revisions.html", pub=pub, revisions=pub.revisions)
