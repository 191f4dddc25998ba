"""Error pages in the site's layout and language, so a resident always knows what happened and what to do."""

from flask import Flask, render_template, request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException, InternalServerError, SecurityError

MESSAGES = {
    400: (_l("Yêu cầu không hợp lệ"), _l("Trang không đọc được yêu cầu vừa gửi. Hãy quay lại và thử lại.")),
    403: (_l("Không có quyền truy cập"), _l("Bạn không có quyền xem trang này.")),
    404: (_l("Không tìm thấy trang"), _l("Địa chỉ có thể đã gõ sai hoặc trang không còn nữa. Hãy dùng ô tìm kiếm hoặc danh sách thủ tục.")),
    405: (_l("Yêu cầu không hợp lệ"), _l("Trang không nhận cách gửi này. Hãy quay lại và thử lại.")),
    413: (_l("Tệp gửi lên quá lớn"), _l("Tổng dung lượng gửi một lần vượt giới hạn. Hãy gửi ít tệp hơn mỗi lần hoặc giảm kích thước ảnh chụp.")),
    429: (_l("Quá nhiều yêu cầu"), _l("Bạn đã thử quá nhiều lần trong thời gian ngắn. Vui lòng đợi vài phút rồi thử lại.")),
    500: (_l("Hệ thống đang gặp sự cố"), _l("Đã có lỗi phía máy chủ; không có dữ liệu nào của bạn bị mất. Vui lòng thử lại sau ít phút hoặc gọi đường dây nóng.")),
}


def register_error_pages(app: Flask) -> None:
    """Answer HTTP errors with a page in the site's layout (the API answers its own errors as JSON)."""

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        if request.path.startswith("/open311/"):
            from .open311.formats import error_response
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
        title, message = MESSAGES[500]
        return render_template("errors/error.html", code=500, title=title, message=message), 500
