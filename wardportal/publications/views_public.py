"""Public pages of publications: lists by kind (year, field filters), one item, files, feeds, sitemap."""

from __future__ import annotations

from flask import Response, abort, g, render_template, url_for
from flask_babel import gettext as _
from jinja2_fragments.flask import render_block

from wardportal.catalogue import queries as catalogue
from wardportal.kernel import file_storage
from wardportal.kernel.extensions import htmx
from wardportal.kernel.request_args import arg_int, bounded_int
from wardportal.kernel.text_input import cleaned_args
from wardportal.kernel.times import now_utc
from wardportal.publications import queries
from wardportal.publications.blueprint import bp
from wardportal.publications.feeds import build_feed, entry_updated
from wardportal.publications.kinds import KIND_LABELS, KIND_SLUGS, KIND_URL_RULE, SLUG_KINDS
from wardportal.publications.links import absolute, public_base
from wardportal.publications.signing import signature_status
from wardportal.publications.sitemap import build_sitemap
from wardportal.staff.wards import all_wards

PAGE_SIZE = 20
LIST_TEMPLATE = "publications/list.html"


def _filters() -> dict:
    """Year, field and page from the query string, read leniently (a bad value is ignored)."""
    return {"year": arg_int("nam", minimum=1901, maximum=2999),
            "field": cleaned_args().get("linh-vuc", "").strip()[:140],
            "page": bounded_int(cleaned_args().get("trang"), default=1, minimum=1, maximum=999)}


@bp.get(f"/<ward_slug>/<{KIND_URL_RULE}:kind_slug>/")
def list_kind(kind_slug):
    """A kind's publications, newest first, filtered by year and field; htmx refreshes only the list."""
    kind, now, args = SLUG_KINDS[kind_slug], now_utc(), _filters()
    items, total = queries.listing(g.ward, kind, now, args["year"], args["field"], PAGE_SIZE,
                                   (args["page"] - 1) * PAGE_SIZE)
    context = dict(kind=kind, kind_slug=kind_slug, kind_label=KIND_LABELS[kind], items=items, total=total,
                   args=args, years=queries.years(g.ward, kind, now), fields=queries.fields(g.ward, kind, now),
                   page_size=PAGE_SIZE, now=now)
    if htmx and htmx.target == "publication-list":
        return render_block(LIST_TEMPLATE, "items", **context)
    return render_template(LIST_TEMPLATE, **context)


@bp.get(f"/<ward_slug>/<{KIND_URL_RULE}:kind_slug>/<int:publication_id>")
def show(kind_slug, publication_id):
    """One notice, news article or document; a document shows whether its signatures are valid."""
    now = now_utc()
    pub = queries.public_one(g.ward, SLUG_KINDS[kind_slug], publication_id, now)
    if pub is None:
        abort(404)
    status = signature_status(pub) if pub.kind == "document" else None
    return render_template("publications/show.html", pub=pub, kind_slug=kind_slug,
                           kind_label=KIND_LABELS[pub.kind], signature=status, now=now)


@bp.get("/<ward_slug>/van-ban/<int:publication_id>/<filename>.pdf")
def document_pdf(publication_id, filename):
    """The public document's PDF, as stored (signed)."""
    pub = queries.public_one(g.ward, "document", publication_id, now_utc())
    if pub is None or not pub.pdf_name:
        abort(404)
    try:
        data = file_storage.read(file_storage.current_uploads(), pub.pdf_name)
    except (OSError, ValueError):
        abort(404)
    return file_storage.send_bytes(data, "application/pdf",
                                   file_storage.download_name(pub.pdf_original_name, "application/pdf"),
                                   inline=True, max_age=300, private=False)


@bp.get("/<ward_slug>/tin-tuc/<int:publication_id>/anh.jpg")
def news_picture(publication_id):
    """The news article's picture (re-encoded at upload, no metadata)."""
    pub = queries.public_one(g.ward, "news", publication_id, now_utc())
    if pub is None or not pub.image_name:
        abort(404)
    try:
        data = file_storage.read(file_storage.current_uploads(), pub.image_name)
    except (OSError, ValueError):
        abort(404)
    return file_storage.send_bytes(data, "image/jpeg", "anh.jpg", inline=True, max_age=3600, private=False)


def _feed(kind: str | None) -> Response:
    """The Atom feed of the ward, all kinds or one."""
    now, ward = now_utc(), g.ward
    items = queries.all_public(ward, now, limit=50) if kind is None else \
        queries.listing(ward, kind, now, limit=50)[0]
    base = public_base()
    entries = [{"key": f"{ward.slug}/publication/{p.id}", "title": p.title,
                "url": absolute(url_for("publications.show", kind_slug=KIND_SLUGS[p.kind], publication_id=p.id)),
                "summary": p.summary or (f"{p.doc_type} {p.doc_number}".strip() if p.kind == "document" else ""),
                "updated": entry_updated(p), "published": p.publish_at, "category": p.kind} for p in items]
    if kind is None:
        title = _("%(ward)s – Thông báo, tin tức, văn bản", ward=ward.name)
        page = url_for("site.ward_home")
        self_url = url_for("publications.feed_all")
    else:
        title = f"{ward.name} – {KIND_LABELS[kind]}"
        page = url_for("publications.list_kind", kind_slug=KIND_SLUGS[kind])
        self_url = url_for("publications.feed_kind", kind_slug=KIND_SLUGS[kind])
    body = build_feed(base_url=base, feed_key=f"{ward.slug}/feed/{kind or 'all'}", title=title,
                      self_url=absolute(self_url), page_url=absolute(page), ward_name=ward.name, entries=entries,
                      fallback_updated=ward.created_at)
    return Response(body, mimetype="application/atom+xml")


@bp.get("/<ward_slug>/cong-bo.atom")
def feed_all():
    """Atom feed of all the ward's notices, news and documents."""
    return _feed(None)


@bp.get(f"/<ward_slug>/<{KIND_URL_RULE}:kind_slug>/feed.atom")
def feed_kind(kind_slug):
    """Atom feed of one kind."""
    return _feed(SLUG_KINDS[kind_slug])


@bp.get("/sitemap.xml")
def sitemap():
    """Every ward's public pages for search engines: home, guides, publication lists and items."""
    now, urls = now_utc(), []
    for ward in all_wards():
        urls.append((absolute(url_for("site.ward_home", ward_slug=ward.slug)), None))
        urls.append((absolute(url_for("site.list_procedures", ward_slug=ward.slug)), None))
        for procedure in catalogue.published_procedures(ward):
            urls.append((absolute(url_for("site.procedure_guide", ward_slug=ward.slug, code=procedure.code)),
                         procedure.updated_at))
        for kind_slug in KIND_SLUGS.values():
            urls.append((absolute(url_for("publications.list_kind", ward_slug=ward.slug, kind_slug=kind_slug)),
                         None))
        for pub in queries.all_public(ward, now):
            urls.append((absolute(url_for("publications.show", ward_slug=ward.slug, kind_slug=KIND_SLUGS[pub.kind],
                                          publication_id=pub.id)), entry_updated(pub)))
    return Response(build_sitemap(urls), mimetype="application/xml")
