"""Publication pages: editors' flow, public lists and filters, home block, Atom feeds, sitemap, canonical links."""

import io
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from lxml import etree
from sqlalchemy import func, select

from wardportal.kernel.extensions import db
from wardportal.kernel.times import VIETNAM_TZ
from wardportal.publications.demo import load_demo_publications
from wardportal.publications.models import Publication, PublicationRevision

from .apply_support import pdf_bytes
from .publication_support import NOW, document, notice
from .staff_factories import login, make_staff, settle
from .staff_factories import unexpiring_session  # noqa: F401  (autouse fixture)

ATOM = "{http://www.w3.org/2005/Atom}"
ATOM_SCHEMA = etree.RelaxNG(etree.parse(str(Path(__file__).parent / "data" / "atom.rng")))


@pytest.fixture
def app_settings():
    return {"PUBLIC_BASE_URL": "https://cong.example.vn/"}


@pytest.fixture
def client(client):
    """Requests arrive for the public address (any other host is refused once it is set)."""
    client.environ_base["HTTP_HOST"] = "cong.example.vn"  # read by staff_factories.login
    original = client.open

    def open_on_public_host(*args, **kwargs):
        kwargs.setdefault("base_url", "https://cong.example.vn")
        return original(*args, **kwargs)

    client.open = open_on_public_host
    return client


@pytest.fixture
def ward(make):
    return make.ward(slug="phuong-lam", name="Phường Phương Lâm")


@pytest.fixture
def editor(ward):
    return make_staff(ward, "editor")


# ---------------------------------------------------------------- editors


def test_an_editor_writes_schedules_and_unpublishes_a_notice_through_the_pages(client, ward, editor):
    login(client, editor.email)
    response = client.post("/phuong-lam/can-bo/cong-bo/moi/thong-bao", data={
        "title": "Cắt điện khu phố 3", "summary": "Từ 8h đến 11h.", "body": "**Xin lỗi** vì sự bất tiện.",
        "field": "Điện", "valid_until": "2030-01-31"})
    assert response.status_code == 302, response.text[:3000]
    pub_id = db.session.scalar(select(Publication.id))
    settle()
    at = datetime.now(VIETNAM_TZ).replace(tzinfo=None, second=0, microsecond=0) + timedelta(hours=3)
    client.post(f"/phuong-lam/can-bo/cong-bo/{pub_id}/cong-bo", data={"publish_at": at.strftime("%Y-%m-%dT%H:%M")})
    assert client.get(f"/phuong-lam/thong-bao/{pub_id}").status_code == 404
    assert "Hẹn công bố lúc" in client.get("/phuong-lam/can-bo/cong-bo/").get_data(as_text=True)
    stored = db.session.scalar(select(Publication.publish_at))
    stored = stored if stored.tzinfo else stored.replace(tzinfo=timezone.utc)
    assert stored == at.replace(tzinfo=VIETNAM_TZ).astimezone(timezone.utc)
    settle()
    client.post(f"/phuong-lam/can-bo/cong-bo/{pub_id}/cong-bo", data={"publish_at": ""})
    page = client.get(f"/phuong-lam/thong-bao/{pub_id}").get_data(as_text=True)
    assert "<strong>Xin lỗi</strong>" in page and "31/01/2030" in page
    client.post(f"/phuong-lam/can-bo/cong-bo/{pub_id}/ngung")
    assert client.get(f"/phuong-lam/thong-bao/{pub_id}").status_code == 404
    history = client.get(f"/phuong-lam/can-bo/cong-bo/{pub_id}/phien-ban").get_data(as_text=True)
    assert "scheduled" in history and "unpublished" in history
    assert db.session.scalar(select(func.count(PublicationRevision.id))) == 4


def test_markdown_is_sanitised_and_bad_input_is_refused_with_messages(client, ward, editor):
    login(client, editor.email)
    response = client.post("/phuong-lam/can-bo/cong-bo/moi/van-ban", data={"title": "Quyết định"})
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "Điền thông tin này của văn bản." in text and 'aria-invalid="true"' in text
    response = client.post("/phuong-lam/can-bo/cong-bo/moi/van-ban", data={
        "title": "Quyết định", "doc_number": "5/QĐ-UBND", "doc_type": "Quyết định", "issued_on": "2026-11-30",
        "signer": "Chủ tịch"})
    assert response.status_code == 422 and "Chọn tệp PDF của văn bản." in response.get_data(as_text=True)
    response = client.post("/phuong-lam/can-bo/cong-bo/moi/thong-bao", data={
        "title": "Tin <script>", "body": "<script>alert(1)</script>[x](javascript:alert(1))"})
    pub_id = db.session.scalar(select(Publication.id))
    settle()
    client.post(f"/phuong-lam/can-bo/cong-bo/{pub_id}/cong-bo", data={})
    page = client.get(f"/phuong-lam/thong-bao/{pub_id}").get_data(as_text=True)
    assert "<script>alert" not in page and 'href="javascript' not in page and "Tin &lt;script&gt;" in page


def test_an_editor_uploads_a_document_which_is_sealed_when_published(client, ward, editor):
    login(client, editor.email)
    response = client.post("/phuong-lam/can-bo/cong-bo/moi/van-ban", data={
        "title": "Quyết định thành lập tổ công nghệ số", "doc_number": "77/QĐ-UBND", "doc_type": "Quyết định",
        "issued_on": "2026-11-30", "signer": "Chủ tịch Nguyễn Văn Minh", "field": "Chuyển đổi số",
        "pdf": (io.BytesIO(pdf_bytes("quyet dinh")), "qd.pdf")}, content_type="multipart/form-data")
    assert response.status_code == 302
    pub_id = db.session.scalar(select(Publication.id))
    settle()
    assert "sẽ được ký khi công bố" in client.get(f"/phuong-lam/can-bo/cong-bo/{pub_id}/sua").get_data(as_text=True)
    client.post(f"/phuong-lam/can-bo/cong-bo/{pub_id}/cong-bo", data={})
    page = client.get(f"/phuong-lam/van-ban/{pub_id}").get_data(as_text=True)
    assert "Chữ ký số hợp lệ" in page and "77/QĐ-UBND" in page
    pdf = client.get(f"/phuong-lam/van-ban/{pub_id}/77-QĐ-UBND.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF") and b"/ByteRange" in pdf.data


def test_officers_and_other_wards_editors_cannot_open_the_editor_pages(client, ward, editor, make):
    pub = notice(ward, editor)
    officer = make_staff(ward, "officer")
    login(client, officer.email)
    assert client.get("/phuong-lam/can-bo/cong-bo/").status_code == 404
    login(client, editor.email)
    assert client.get("/phuong-lam/can-bo/cong-bo/moi/thu-tuc").status_code == 404
    other = make.ward()
    outsider = make_staff(other, "editor")
    login(client, outsider.email)
    assert client.get(f"/{other.slug}/can-bo/cong-bo/{pub.id}/sua").status_code == 404
    assert client.post(f"/{other.slug}/can-bo/cong-bo/{pub.id}/cong-bo", data={}).status_code == 404


# ---------------------------------------------------------------- public pages


def test_lists_filter_by_year_and_field_without_javascript_and_with_htmx(client, ward, editor):
    document(ward, editor, number="1/QĐ-UBND", title="Văn bản y tế", field="Y tế", issued_on=datetime(2025, 3, 1).date())
    document(ward, editor, number="2/QĐ-UBND", title="Văn bản đất đai", field="Đất đai")
    page = client.get("/phuong-lam/van-ban/?nam=2025").get_data(as_text=True)
    assert "Văn bản y tế" in page and "Văn bản đất đai" not in page and '<option value="2025" selected>' in page
    page = client.get("/phuong-lam/van-ban/?linh-vuc=dat-dai").get_data(as_text=True)
    assert "Văn bản đất đai" in page and "Văn bản y tế" not in page
    fragment = client.get("/phuong-lam/van-ban/?linh-vuc=y-te", headers={"HX-Request": "true",
                                                                        "HX-Target": "publication-list"})
    text = fragment.get_data(as_text=True)
    assert "Văn bản y tế" in text and "<html" not in text and "HX-Request" in fragment.headers["Vary"]
    assert client.get("/phuong-lam/van-ban/?nam=abc&trang=-1").status_code == 200


def test_the_home_page_shows_the_latest_notices_only_once_public(client, ward, editor):
    notice(ward, editor, title="Tiêm vắc xin sởi", publish_at=NOW)
    notice(ward, editor, title="Họp tổ dân phố", publish_at=datetime.now(timezone.utc) + timedelta(days=1))
    page = client.get("/phuong-lam/").get_data(as_text=True)
    assert "Thông báo mới" in page and "Tiêm vắc xin sởi" in page and "Họp tổ dân phố" not in page


def test_public_pages_carry_an_absolute_canonical_link(client, ward, editor):
    pub = notice(ward, editor, publish_at=NOW)
    for path in ("/phuong-lam/", f"/phuong-lam/thong-bao/{pub.id}", "/phuong-lam/thong-bao/?nam=2026",
                 "/phuong-lam/thu-tuc/"):
        page = client.get(path).get_data(as_text=True)
        assert f'<link rel="canonical" href="https://cong.example.vn{path.split("?")[0]}">' in page


def test_the_canonical_link_uses_the_request_host_without_a_configured_base(client, ward, app):
    app.config["PUBLIC_BASE_URL"] = None
    app.config["TRUSTED_HOSTS"] = None  # testing mode: the request's host is used when no address is set
    page = client.get("/phuong-lam/", base_url="https://phuong.example.org").get_data(as_text=True)
    assert '<link rel="canonical" href="https://phuong.example.org/phuong-lam/">' in page


def test_the_sitemap_lists_every_wards_public_guides_and_publications(client, ward, editor, make):
    make.procedure(ward, code="1.001193", title="Đăng ký khai sinh", is_published=True)
    other = make.ward(slug="xa-an-binh")
    make.procedure(other, code="2.000908", title="Chứng thực", is_published=True)
    public = notice(ward, editor, title="Công khai", publish_at=NOW)
    draft = notice(ward, editor, title="Nháp")
    doc = document(ward, editor)
    response = client.get("/sitemap.xml")
    root = etree.fromstring(response.data)
    locs = [e.text for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    base = "https://cong.example.vn"
    assert f"{base}/phuong-lam/thu-tuc/1.001193" in locs and f"{base}/xa-an-binh/thu-tuc/2.000908" in locs
    assert f"{base}/phuong-lam/thong-bao/{public.id}" in locs and f"{base}/phuong-lam/van-ban/{doc.id}" in locs
    assert f"{base}/phuong-lam/thong-bao/{draft.id}" not in locs
    assert len(locs) == len(set(locs))


# ---------------------------------------------------------------- feeds


def _validate_atom(data: bytes, self_url: str) -> etree._Element:
    """RELAX NG of RFC 4287 plus the rules its schema cannot say (section 4.1.1, 4.1.2, 4.2.7)."""
    feed = etree.fromstring(data)
    assert ATOM_SCHEMA.validate(feed), ATOM_SCHEMA.error_log
    ids = [e.text for e in feed.iter(f"{ATOM}id")]
    assert len(ids) == len(set(ids)) and all(i.startswith("tag:cong.example.vn,") for i in ids)
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == self_url
    feed_updated = datetime.fromisoformat(feed.findtext(f"{ATOM}updated"))
    has_feed_author = feed.find(f"{ATOM}author/{ATOM}name") is not None
    for entry in feed.findall(f"{ATOM}entry"):
        # an entry needs an author unless the feed has one; no content means an alternate link is required
        assert has_feed_author or entry.find(f"{ATOM}author") is not None
        assert entry.find(f"{ATOM}content") is not None or len(entry.findall(f"{ATOM}link[@rel='alternate']")) == 1
        updated = datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
        assert updated.tzinfo is not None and updated <= feed_updated
        assert entry.findtext(f"{ATOM}title").strip()
    return feed


def test_ward_and_kind_feeds_are_valid_atom(client, ward, editor):
    notice(ward, editor, title="Thông báo <1> & \"2\"", publish_at=NOW)
    notice(ward, editor, title="Chưa đến giờ", publish_at=datetime.now(timezone.utc) + timedelta(hours=1))
    document(ward, editor)
    response = client.get("/phuong-lam/cong-bo.atom")
    assert response.mimetype == "application/atom+xml"
    feed = _validate_atom(response.data, "https://cong.example.vn/phuong-lam/cong-bo.atom")
    titles = [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")]
    assert "Thông báo <1> & \"2\"" in titles and "Chưa đến giờ" not in titles and len(titles) == 2
    for kind in ("thong-bao", "tin-tuc", "van-ban"):
        url = f"/phuong-lam/{kind}/feed.atom"
        _validate_atom(client.get(url).data, "https://cong.example.vn" + url)


def test_the_atom_schema_rejects_feeds_missing_required_elements():
    bad = b'<feed xmlns="http://www.w3.org/2005/Atom"><id>x</id><title>t</title><updated>2026-12-01</updated></feed>'
    assert not ATOM_SCHEMA.validate(etree.fromstring(bad))
    bad = (b'<feed xmlns="http://www.w3.org/2005/Atom"><id>x</id><title>t</title><updated>2026-12-01T00:00:00Z'
           b'</updated><entry><title>e</title><updated>2026-12-01T00:00:00Z</updated></entry></feed>')
    assert not ATOM_SCHEMA.validate(etree.fromstring(bad))


# ---------------------------------------------------------------- demo


def test_demo_publications_load_once_and_are_signed(ward):
    assert load_demo_publications(ward) == 8
    assert load_demo_publications(ward) == 0
    kinds = dict(db.session.execute(select(Publication.kind, func.count()).group_by(Publication.kind)).all())
    assert kinds == {"notice": 3, "news": 2, "document": 3}
    assert all(db.session.scalars(select(Publication.sealed_by_ward).where(Publication.kind == "document")))
    assert all(db.session.scalars(select(Publication.image_name).where(Publication.kind == "news")))
