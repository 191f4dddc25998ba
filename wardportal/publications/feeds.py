"""Atom feeds (RFC 4287) of a ward's publications: all kinds, or one kind.

Built with ElementTree and written by `xml_document`, so every text is escaped, characters XML forbids are
dropped (even from rows stored before text was cleaned at the edge) and the document is well-formed. Each entry has a stable
id (a ``tag:`` URI from the install's host, the ward and the publication id: it does not change when the
title or address does), a title, ``updated``, ``published``, an alternate link and a summary; the feed has
its id, title, ``updated``, self and alternate links and the ward as author.
"""

from __future__ import annotations

from datetime import datetime, timezone
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

from wardportal.kernel.times import as_utc
from wardportal.kernel.xml_text import xml_document

ATOM_NS = "http://www.w3.org/2005/Atom"


def rfc3339(moment: datetime) -> str:
    """A moment as an RFC 3339 date-time in UTC (SQLite gives naive values, stored as UTC)."""
    return as_utc(moment).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def tag_uri(base_url: str, specific: str, year: int = 2026) -> str:
    """A ``tag:`` URI (RFC 4151) naming something of this install forever."""
    host = urlsplit(base_url).hostname or "localhost"
    return f"tag:{host},{year}:{specific}"


def entry_updated(pub) -> datetime:
    """When an entry last changed for its readers: its last edit, or its publication if that is later."""
    moments = [as_utc(m) for m in (pub.updated_at, pub.publish_at) if m]
    return max(moments)


def build_feed(*, base_url: str, feed_key: str, title: str, self_url: str, page_url: str, ward_name: str,
               entries: list[dict], fallback_updated: datetime, language: str = "vi") -> bytes:
    """The Atom document; each entry dict has key, title, url, summary, updated, published, category."""
    ET.register_namespace("", ATOM_NS)

    def sub(parent, name, text=None, **attrs):
        element = ET.SubElement(parent, f"{{{ATOM_NS}}}{name}", attrs)
        if text is not None:
            element.text = text
        return element

    feed = ET.Element(f"{{{ATOM_NS}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": language})
    sub(feed, "id", tag_uri(base_url, feed_key))
    sub(feed, "title", title)
    updated = max([e["updated"] for e in entries], default=fallback_updated)
    sub(feed, "updated", rfc3339(updated))
    sub(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    sub(feed, "link", rel="alternate", type="text/html", href=page_url)
    author = sub(feed, "author")
    sub(author, "name", ward_name)
    for item in entries:
        entry = sub(feed, "entry")
        sub(entry, "id", tag_uri(base_url, item["key"]))
        sub(entry, "title", item["title"])
        sub(entry, "updated", rfc3339(item["updated"]))
        sub(entry, "published", rfc3339(item["published"]))
        sub(entry, "link", rel="alternate", type="text/html", href=item["url"])
        sub(entry, "category", term=item["category"])
        if item.get("summary"):
            sub(entry, "summary", item["summary"])
    return xml_document(feed)
