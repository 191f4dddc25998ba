"""GeoReport v2 documents as JSON or XML, and errors in the spec's shape."""

import xml.etree.ElementTree as ET

from flask import Response, jsonify

from wardportal.kernel.times import in_vietnam
from wardportal.kernel.xml_text import xml_document

FORMATS = ("json", "xml")
# Element names of list items in XML, by root element.
ITEM_NAMES = {"services": "service", "service_requests": "request", "errors": "error"}


class Open311Error(Exception):
    """An error answered as ``[{"code": …, "description": …}]`` with that HTTP status."""

    def __init__(self, status: int, description: str):
        """Keep the status and the message."""
        super().__init__(description)
        self.status = status
        self.description = description


def w3c(moment) -> str | None:
    """A stored moment as W3C date-time in Vietnam's offset (the spec's format)."""
    return in_vietnam(moment).isoformat(timespec="seconds") if moment else None


def _xml_value(parent, name: str, value) -> None:
    element = ET.SubElement(parent, name)
    if isinstance(value, list):
        for item in value:
            _xml_fill(ET.SubElement(element, _singular(name)), item)
    elif isinstance(value, dict):
        _xml_fill(element, value)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = str(value)


def _singular(name: str) -> str:
    return {"attributes": "attribute", "values": "value", "keywords": "keyword"}.get(name, "item")


def _xml_fill(element, item: dict) -> None:
    for key, value in item.items():
        _xml_value(element, key, value)


def render(items: list[dict], root: str, fmt: str, status: int = 200) -> Response:
    """A list document: a JSON array, or ``<root><item>…</item></root>`` in XML."""
    if fmt == "xml":
        top = ET.Element(root)
        for item in items:
            _xml_fill(ET.SubElement(top, ITEM_NAMES.get(root, "item")), item)
        return Response(xml_document(top), status=status, mimetype="application/xml")
    response = jsonify(items)
    response.status_code = status
    return response


def render_one(item: dict, root: str, fmt: str) -> Response:
    """A single document (a service definition) in JSON or XML."""
    if fmt == "xml":
        top = ET.Element(root)
        _xml_fill(top, item)
        return Response(xml_document(top), mimetype="application/xml")
    return jsonify(item)


def error_response(status: int, description: str, fmt: str = "json") -> Response:
    """The spec's error list."""
    return render([{"code": status, "description": description}], "errors", fmt if fmt in FORMATS else "json", status)
