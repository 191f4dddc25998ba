"""Error pages in the site's layout and language, so a resident always knows what happened and what to do."""

import logging

from flask import Flask, g, render_template, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import inspect
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from werkzeug.exceptions import HTTPException, InternalServerError, SecurityError
from wardportal.kernel.extensions import db
from wardportal.open311.formats import error_response

log = logging.getLogger(__name__)

# How long a client should wait before trying again after the database was unreachable or busy.
RETRY_AFTER_SECONDS = 10

MESSAGES = {
    400: (_l("Yêu cầu không hợp lệ"), _l("Trang không đọc được yêu cầu vừa gửi. Hãy quay lại và thử lại.")),
    403: (_l("Không có quyền truy cập"), _l("Bạn không có quyền xem trang này.")),
    404: (_l("Không tìm thấy trang"), _l("Địa chỉ có thể đã gõ sai hoặc trang không còn nữa. Hãy dùng ô tìm kiếm hoặc danh sách thủ tục.")),
    405: (_l("Yêu cầu không hợp lệ"), _l("Trang không nhận cách gửi này. Hãy quay lại và thử lại.")),
    413: (_l("Tệp gửi lên quá lớn"), _l("Tổng dung lượng gửi một lần vượt giới hạn. Hãy gửi ít tệp hơn mỗi lần hoặc giảm kích thước ảnh chụp.")),
    429: (_l("Quá nhiều yêu cầu"), _l("Bạn đã thử quá nhiều lần trong thời gian ngắn. Vui lòng đợi vài phút rồi thử lại.")),
    503: (_l("Hệ thống tạm thời gián đoạn"), _l("Máy chủ tạm thời không truy cập được dữ liệu. Những gì bạn đã gửi trước đó vẫn được giữ nguyên. Vui lòng thử lại sau ít phút.")),
    500: (_l("Hệ thống đang gặp sự cố"), _l("Đã có lỗi phía máy chủ; không có dữ liệu nào của bạn bị mất. Vui lòng thử lại sau ít phút hoặc gọi đường dây nóng.")),
}


def register_error_pages(app: Flask) -> None:
    """Answer HTTP errors with a page in the site's layout (the API answers its own errors as JSON)."""

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        if request.path.startswith("/open311/"):
            return error_response(error.code, error.description or error.name,
                                  "xml" if request.path.endswith(".xml") else "json")
        if request.blueprint == "api" or request.path.startswith("/api/"):
            return {"error": error.description or error.name, "status": error.code}, error.code
        title, message = MESSAGES.get(error.code, (error.name, error.description))
        return render_template("errors/error.html", code=error.code, title=title, message=message), error.code

    @app.errorhandler(SecurityError)
    def _untrusted_host(_error: SecurityError):
        # A Host outside TRUSTED_HOSTS: no URL can be built for it, so no page in the layout either. The
        # refused host name is not echoed back.
        return app.response_class("400 Bad Request: this site does not answer for that host name.\n", 400,
                                  mimetype="text/plain")

    @app.errorhandler(InternalServerError)
    def _server_error(error: InternalServerError):
        # The failure may have been the database's (a refused value, a broken constraint): the session then
        # answers every query with PendingRollbackError, and a page that needs the ward's name would fail
        # too, leaving Werkzeug's bare page. Roll back first.
        _forget_database_state()
        title, message = MESSAGES[500]
        return render_template("errors/error.html", code=500, title=title, message=message), 500

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    @app.errorhandler(DisconnectionError)
    @app.errorhandler(PoolTimeoutError)
    def _database_unavailable(error: Exception):
        # The database is down, restarting, unreachable, locked past the busy timeout or out of disk: the
        # request cannot be served now, and will be once it is back (the pool reconnects; no restart).
        log.warning("database unavailable: %s", type(getattr(error, "orig", None) or error).__name__)
        _forget_database_state()
        if request.blueprint == "api" or request.path.startswith("/api/"):
            response = app.json.response({"error": "database temporarily unavailable", "status": 503})
            response.status_code = 503
        else:
            title, message = MESSAGES[503]
            response = app.make_response(
                (render_template("errors/error.html", code=503, title=title, message=message), 503))
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response


def _forget_database_state() -> None:
    """Roll back, keeping the ward's loaded name and address for the page layout when they are at hand."""
    ward = g.get("ward")
    try:
        if ward is not None:
            if inspect(ward).expired_attributes:
                g.ward = None  # showing it would need the database
            else:
                db.session.expunge(ward)
        db.session.rollback()
    except Exception:  # noqa: BLE001 — the connection is gone; the page must still be answered
        g.ward = None
        log.warning("rollback after a database failure failed too")
