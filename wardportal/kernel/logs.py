"""Logging configured at start: time, level, logger and request id on every line, text or JSON.

The process's root logger writes to stderr at ``LOG_LEVEL`` (default INFO, so the log senders' lines — the
e-mails and SMS that go nowhere else without a mail server or gateway — are seen); gunicorn's error log gets
the same format (its access log keeps its own). Each request has an id: the caller's ``X-Request-Id`` when it
is a sane token (a proxy's or load balancer's), else a new one; it is on every line logged while the request
runs and in the response's ``X-Request-Id``, so a resident's complaint, nginx's log and ours meet. No line carries personal data: the
senders mask recipients and never log a message's text (kernel/senders.py).
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import sys
import time

from flask import Flask, g, has_request_context, request

REQUEST_ID_HEADER = "X-Request-Id"
# A proxy's id is taken only when it cannot forge a log line or flood one: a short token, no spaces.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,99}")
GUNICORN_ERROR_LOGGER = "gunicorn.error"
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


def request_id() -> str:
    """This request's id (outside a request: ``-``)."""
    if not has_request_context():
        return "-"
    if "request_id" not in g:
        offered = request.headers.get(REQUEST_ID_HEADER, "")
        g.request_id = offered if SANE_REQUEST_ID.fullmatch(offered) else secrets.token_hex(8)
    return g.request_id


class RequestIdFilter(logging.Filter):
    """Stamps every record with the current request's id."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id()
        return True


class TextFormatter(logging.Formatter):
    """``2026-12-08T02:40:01.123Z INFO wardportal.notifications [3f2a…] message``, in UTC."""

    converter = time.gmtime

    def __init__(self):
        super().__init__(TEXT_FORMAT)

    def formatTime(self, record, datefmt=None):  # noqa: N802 (logging's name)
        return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z"

    def format(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = request_id()
        return super().format(record)


class JsonFormatter(TextFormatter):
    """One JSON object a line: time, level, logger, request_id, message (and the exception, if any)."""

    def format(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = request_id()
        entry = {"time": self.formatTime(record), "level": record.levelname, "logger": record.name,
                 "request_id": record.request_id, "message": record.getMessage()}
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def formatter_for(config) -> logging.Formatter:
    return JsonFormatter() if config.get("LOG_JSON") else TextFormatter()


def configure_logging(app: Flask, stream=None) -> None:
    """Install the process's log handler once (tests keep pytest's), and the request id on every request."""
    _register_request_id(app)
    if app.testing and stream is None:
        return
    level = str(app.config.get("LOG_LEVEL") or "INFO").upper()
    if level not in logging.getLevelNamesMapping():
        from wardportal.kernel.settings_table import SettingError
        raise SettingError(f"LOG_LEVEL: one of DEBUG, INFO, WARNING, ERROR is expected, not {level!r}")
    formatter = formatter_for(app.config)
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "wardportal", False)]:
        root.removeHandler(handler)  # a second app in the same process replaces the first one's handler
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.wardportal = True
    handler.setFormatter(formatter)
    handler.addFilter(RequestIdFilter())
    root.addHandler(handler)
    root.setLevel(level)
    # gunicorn's error log writes through its own handlers: the same format in the worker (the master's
    # lines too with gunicorn.conf.py's logger class, kernel/gunicorn_logging.py). Its access log keeps
    # its own --access-logformat, which log readers parse; add %({x-request-id}o)s to it for the id.
    for gunicorn_handler in logging.getLogger(GUNICORN_ERROR_LOGGER).handlers:
        gunicorn_handler.setFormatter(formatter)


def _register_request_id(app: Flask) -> None:
    @app.after_request
    def _send_request_id(response):
        response.headers[REQUEST_ID_HEADER] = request_id()
        return response
