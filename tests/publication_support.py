"""Helpers for publication tests: an editor actor, a notice, a document with its PDF."""

import io
from datetime import datetime, timedelta, timezone

from wardportal.catalogue.editing import Actor
from wardportal.publications import editing

from .apply_support import pdf_bytes

NOW = datetime(2026, 12, 1, 3, 0, tzinfo=timezone.utc)


def actor(staff, now=NOW) -> Actor:
    """The editor acting at ``now`` from a loopback address."""
    return Actor(staff, "127.0.0.1", now)


def notice(ward, staff, title="Lịch tiếp công dân tháng 12", publish_at=None, now=NOW, **values):
    """A notice, published at ``publish_at`` (None: left as a draft)."""
    pub, _ = editing.save(ward, None, "notice", {"title": title, "summary": "Sáng thứ Năm hằng tuần.",
                                                 "field": "Tiếp công dân", **values}, actor(staff, now))
    if publish_at is not None:
        editing.publish(pub, actor(staff, now), publish_at)
    return pub


def document(ward, staff, number="123/QĐ-UBND", title="Quyết định về việc công bố thủ tục hành chính",
             pdf=None, publish=True, now=NOW, **values):
    """A document with a PDF (unsigned by default), published now unless ``publish`` is False."""
    fields = {"doc_number": number, "title": title, "doc_type": "Quyết định", "issued_on": (now - timedelta(days=2)).date(),
              "signer": "Chủ tịch Nguyễn Văn Minh", "field": "Hành chính", **values}
    pub, _ = editing.save(ward, None, "document", fields, actor(staff, now), pdf=io.BytesIO(pdf or pdf_bytes("giay to")),
                          pdf_name="quyet-dinh.pdf")
    if publish:
        editing.publish(pub, actor(staff, now))
    return pub
