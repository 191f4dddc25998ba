"""XML documents that are always well-formed: the one serializer of every XML and Atom writer.

ElementTree escapes markup but writes whatever characters it is given, and XML 1.0 forbids most C0 controls
(NUL, ESC, …), lone surrogates and U+FFFE/U+FFFF: one such character in one stored report or title makes a
whole feed or Open311 list unreadable to every client. Text is cleaned at the edge now, but rows stored before
that (or by a future path that forgets) must not break a document, so the writers strip here, at the end.
"""

from __future__ import annotations

import re
from xml.etree import ElementTree as ET

# Complement of XML 1.0's Char production: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
_FORBIDDEN = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """`text` without the characters XML 1.0 forbids."""
    return _FORBIDDEN.sub("", text)


def xml_document(root: ET.Element, *, declaration: str = '<?xml version="1.0" encoding="utf-8"?>\n') -> bytes:
    """`root` serialized as UTF-8 with an XML declaration, every text, tail and attribute made `xml_safe`."""
    for element in root.iter():
        if element.text:
            element.text = xml_safe(element.text)
        if element.tail:
            element.tail = xml_safe(element.tail)
        for name, value in element.attrib.items():
            element.attrib[name] = xml_safe(value)
    return declaration.encode() + ET.tostring(root, encoding="utf-8")
