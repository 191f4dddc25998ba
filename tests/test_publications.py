"""Notices, news and documents: schedule on read, revisions, signed PDFs, pictures, search, pages."""

import io
from datetime import timedelta

import pytest
from PIL import Image
from sqlalchemy import select

from wardportal.dossiers import receipts
from wardportal.kernel import file_storage, signing
from wardportal.kernel.extensions import db
from wardportal.publications import editing, media, queries
from wardportal.publications.models import Publication, PublicationRevision
from wardportal.publications.search import number_key, search_publications
from wardportal.publications.signing import signature_status

from .apply_support import pdf_bytes
from .publication_support import NOW, actor, document, notice
from .staff_factories import make_staff
from .staff_factories import unexpiring_session  # noqa: F401  (autouse fixture)


@pytest.fixture
def ward(make):
    return make.ward(slug="phuong-lam", name="Phường Phương Lâm")


@pytest.fixture
def editor(ward):
    return make_staff(ward, "editor")


# ---------------------------------------------------------------- schedule, revisions


def test_a_scheduled_notice_is_public_from_its_time_on_and_not_before(ward, editor):
    at = NOW + timedelta(hours=2)
    pub = notice(ward, editor, publish_at=at)
    assert queries.latest(ward, NOW) == []
    assert queries.public_one(ward, "notice", pub.id, at - timedelta(seconds=1)) is None
    assert queries.public_one(ward, "notice", pub.id, at) == pub
    assert [p.id for p in queries.latest(ward, at + timedelta(minutes=1))] == [pub.id]
    assert pub.is_scheduled(NOW) and pub.is_public(at)


def test_drafts_and_unpublished_items_stay_private_and_every_change_is_a_revision(ward, editor):
    pub = notice(ward, editor)
    assert queries.public_one(ward, "notice", pub.id, NOW + timedelta(days=1)) is None
    editing.publish(pub, actor(editor))
    assert queries.public_one(ward, "notice", pub.id, NOW) == pub
    editing.save(ward, pub, "notice", {"title": "Lịch tiếp công dân (sửa)", "field": "Tiếp công dân"}, actor(editor))
    editing.unpublish(pub, actor(editor))
    assert queries.public_one(ward, "notice", pub.id, NOW + timedelta(days=1)) is None
    rows = db.session.execute(select(PublicationRevision.number, PublicationRevision.action)
                              .where(PublicationRevision.publication_id == pub.id)
                              .order_by(PublicationRevision.number)).all()
    assert [tuple(r) for r in rows] == [(1, "saved"), (2, "published"), (3, "saved"), (4, "unpublished")]
    last = db.session.scalar(select(PublicationRevision).where(PublicationRevision.number == 3))
    assert "title" in last.changed_fields and "summary" in last.changed_fields


def test_another_wards_publications_are_not_visible_here(ward, editor, make):
    other = make.ward()
    pub = notice(other, make_staff(other, "editor"), publish_at=NOW)
    assert queries.public_one(ward, "notice", pub.id, NOW) is None
    assert editing.ward_publication(ward, pub.id) is None


# ---------------------------------------------------------------- signed documents


def test_an_unsigned_document_is_sealed_on_publish_and_its_badge_is_valid(ward, editor):
    pub = document(ward, editor, publish=False)
    assert not signing.is_signed(media.read_pdf(pub))
    document_before = pub.pdf_sha256
    editing.publish(pub, actor(editor))
    assert pub.sealed_by_ward and pub.pdf_sha256 != document_before
    status = signature_status(pub)
    assert status.valid and status.ward_slug == "phuong-lam"


def test_a_tampered_stored_pdf_shows_an_invalid_signature_on_the_public_page(ward, editor, client):
    pub = document(ward, editor)
    url = f"/phuong-lam/van-ban/{pub.id}"
    page = client.get(url).get_data(as_text=True)
    assert "Chữ ký số hợp lệ" in page and "/xac-thuc-van-ban" in page
    path = file_storage.path_of(file_storage.current_uploads(), pub.pdf_name)
    path.write_bytes(path.read_bytes().replace(b"giay to", b"giay ta"))
    page = client.get(url).get_data(as_text=True)
    assert "Chữ ký số không hợp lệ" in page and "Chữ ký số hợp lệ" not in page


def test_a_document_arriving_signed_is_validated_not_sealed_again(ward, editor, make):
    issuer = make.ward(slug="uy-ban-quan", name="UBND Quận Bắc")
    signed = signing.sign_pdf(pdf_bytes("quyet dinh cap tren"), receipts.ward_signer(issuer), "Ban hành", "Quận Bắc")
    pub = document(ward, editor, pdf=signed)
    assert pub.signed_on_arrival and not pub.sealed_by_ward
    assert media.read_pdf(pub) == signed
    status = signature_status(pub)
    assert status.valid and status.ward_slug == "uy-ban-quan"


def test_a_document_arriving_with_a_broken_signature_is_shown_invalid(ward, editor, make):
    issuer = make.ward(slug="uy-ban-quan", name="UBND Quận Bắc")
    signed = signing.sign_pdf(pdf_bytes("quyet dinh cap tren"), receipts.ward_signer(issuer), "Ban hành", "Quận Bắc")
    pub = document(ward, editor, pdf=signed.replace(b"quyet dinh", b"quyet dinx"))
    assert pub.signed_on_arrival and not pub.sealed_by_ward
    assert not signature_status(pub).valid


def test_a_document_needs_a_pdf_and_refuses_other_files(ward, editor):
    values = {"doc_number": "1/QĐ-UBND", "title": "Quyết định", "doc_type": "Quyết định", "signer": "A"}
    with pytest.raises(editing.PublicationError):
        editing.save(ward, None, "document", values, actor(editor))
    db.session.rollback()
    png = io.BytesIO()
    Image.new("RGB", (10, 10)).save(png, "PNG")
    with pytest.raises(file_storage.FileRefused):
        editing.save(ward, None, "document", values, actor(editor), pdf=io.BytesIO(png.getvalue()), pdf_name="a.pdf")
    db.session.rollback()
    assert db.session.scalar(select(Publication.id)) is None


# ---------------------------------------------------------------- pictures


def _photo_with_gps(size=(4000, 3000)) -> bytes:
    """A JPEG like a phone's: large, with an EXIF camera model and GPS position."""
    image = Image.new("RGB", size, (30, 120, 200))
    exif = Image.Exif()
    exif[0x0110] = "Phone X"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (21.0, 1.0, 30.0), "E", (105.0, 50.0, 10.0)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_news_pictures_are_resized_and_lose_their_exif_and_location(ward, editor):
    original = _photo_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the fixture really has a position
    pub, _ = editing.save(ward, None, "news", {"title": "Ra quân vệ sinh môi trường", "image_alt": "Người dân dọn rác"},
                          actor(editor), picture=io.BytesIO(original))
    stored = file_storage.read(file_storage.current_uploads(), pub.image_name)
    picture = Image.open(io.BytesIO(stored))
    assert picture.format == "JPEG" and max(picture.size) == 1200 and (pub.image_width, pub.image_height) == (1200, 900)
    assert not picture.getexif() and b"Exif" not in stored and b"Phone X" not in stored


def test_a_file_that_is_not_a_picture_is_refused_whatever_its_name(ward, editor):
    with pytest.raises(media.MediaRefused):
        editing.save(ward, None, "news", {"title": "Tin"}, actor(editor), picture=io.BytesIO(pdf_bytes()))
    db.session.rollback()
    assert db.session.scalar(select(Publication.id)) is None


# ---------------------------------------------------------------- search


@pytest.mark.parametrize("query", ["123/QĐ-UBND", "123/qd-ubnd", "123 qd", "123", "QĐ-UBND 123", "quyet dinh cong bo"])
def test_documents_are_found_by_number_variants_and_title(ward, editor, query):
    wanted = document(ward, editor)
    document(ward, editor, number="45/KH-UBND", title="Kế hoạch tiêm chủng")
    found = search_publications(ward, query, NOW)
    assert [p.id for p in found["document"]][:1] == [wanted.id]


def test_an_exact_number_ranks_first_and_results_are_grouped_by_kind(ward, editor):
    older = document(ward, editor, number="12/QĐ-UBND", title="Quyết định tiếp công dân 123")
    exact = document(ward, editor, number="123/QĐ-UBND", title="Quyết định khác", now=NOW - timedelta(days=3))
    notice(ward, editor, title="Thông báo về Quyết định 123/QĐ-UBND", publish_at=NOW)
    found = search_publications(ward, "123/qđ-ubnd", NOW)
    assert set(found) == {"document", "notice"}
    assert found["document"][0].id == exact.id and older.id not in [p.id for p in found["document"]][:1]
    assert number_key("123/QĐ-UBND") == number_key("123/qd-ubnd") == "123 qd ubnd"


def test_search_ignores_drafts_scheduled_items_and_like_wildcards(ward, editor):
    notice(ward, editor, title="Lịch cắt điện")
    notice(ward, editor, title="Lịch cắt nước", publish_at=NOW + timedelta(days=1))
    assert search_publications(ward, "lich cat", NOW) == {}
    assert search_publications(ward, "%", NOW) == {} and search_publications(ward, "_", NOW) == {}


def test_the_search_page_shows_publications_grouped_below_the_guides(ward, editor, client):
    document(ward, editor)
    page = client.get("/phuong-lam/tim-kiem?q=123+qd").get_data(as_text=True)
    assert "Thông báo, tin tức và văn bản" in page and "123/QĐ-UBND – Quyết định" in page
    fragment = client.get("/phuong-lam/tim-kiem?q=123+qd", headers={"HX-Request": "true",
                                                                    "HX-Target": "search-results"})
    assert "123/QĐ-UBND" in fragment.get_data(as_text=True) and "<html" not in fragment.get_data(as_text=True)
