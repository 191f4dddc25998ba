"""``sitemap.xml`` (sitemaps.org 0.9): every ward's home, guides and public publications."""

from __future__ import annotations

from datetime import datetime
from xml.etree import ElementTree as ET

from wardportal.kernel.xml_text import xml_document
from wardportal.publications.feeds import rfc3339

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def build_sitemap(urls: list[tuple[str, datetime | None]]) -> bytes:
    """The sitemap document for (absolute URL, last modified or None) pairs."""
    ET.register_namespace("", SITEMAP_NS)
    root = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for loc, lastmod in urls:
        url = ET.SubElement(root, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = loc
        if lastmod is not None:
            ET.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = rfc3339(lastmod)
    return xml_document(root)
