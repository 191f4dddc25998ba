"""Words for the history pages: what each audit action and each guide field is called, in the staff's language.

The audit log and the revisions store stable codes (``procedure.saved``, ``staff:3``, ``fee``); these tables
turn them into the sentences and names people read.
"""

from flask_babel import lazy_gettext as _l

FIELD_LABELS = {
    "code": _l("Mã thủ tục"), "title": _l("Tên thủ tục"), "field": _l("Lĩnh vực"), "summary": _l("Tóm tắt"),
    "applicants": _l("Đối tượng thực hiện"), "steps": _l("Trình tự thực hiện"),
    "requirements": _l("Yêu cầu, điều kiện"), "processing_days": _l("Thời hạn giải quyết"),
    "fee": _l("Phí, lệ phí"), "legal_basis": _l("Căn cứ pháp lý"), "result": _l("Kết quả thực hiện"),
    "where_to_submit": _l("Nơi nộp hồ sơ"), "implementing_body": _l("Cơ quan thực hiện"),
    "online_level": _l("Mức độ trực tuyến"), "is_popular": _l("Thủ tục hay dùng"),
    "documents": _l("Thành phần hồ sơ"), "forms": _l("Biểu mẫu"), "is_published": _l("Trạng thái công bố"),
    "effective_date": _l("Ngày có hiệu lực"), "scheduled_for": _l("Ngày hẹn công bố"),
    "title_en": _l("Tên thủ tục bằng tiếng Anh"), "keywords_en": _l("Từ tìm kiếm tiếng Anh"),
    "questions": _l("Câu hỏi cho người nộp"), "fee_schedule": _l("Biểu phí, lệ phí"),
    # Contacts and ward details.
    "name": _l("Họ và tên"), "role": _l("Chức vụ"), "phone": _l("Điện thoại"), "email": _l("Email"),
    "position": _l("Thứ tự"), "address": _l("Địa chỉ"), "hours": _l("Giờ làm việc"), "hotline": _l("Đường dây nóng"),
    "notice": _l("Thông báo"),
}

ACTION_LABELS = {
    "procedure.created": _l("Tạo thủ tục mới"),
    "procedure.saved": _l("Sửa thủ tục"),
    "procedure.draft_saved": _l("Lưu bản nháp của thủ tục"),
    "procedure.draft_discarded": _l("Bỏ bản nháp của thủ tục"),
    "procedure.scheduled": _l("Hẹn ngày công bố thủ tục"),
    "procedure.published": _l("Công bố thủ tục"),
    "procedure.unpublished": _l("Ngừng công bố thủ tục"),
    "procedure.restored": _l("Khôi phục phiên bản cũ của thủ tục"),
    "contact.created": _l("Thêm vào danh bạ"),
    "contact.updated": _l("Sửa danh bạ"),
    "contact.deleted": _l("Xóa khỏi danh bạ"),
    "ward.created": _l("Tạo phường, xã"),
    "ward.updated": _l("Sửa thông tin phường, xã"),
    "staff.invited": _l("Mời cán bộ"),
    "staff.roles_changed": _l("Đổi vai trò cán bộ"),
    "staff.reset_issued": _l("Cấp liên kết đặt lại mật khẩu"),
    "staff.login": _l("Đăng nhập"),
    "staff.logout": _l("Đăng xuất"),
    "staff.password_changed": _l("Đổi mật khẩu"),
    "staff.totp_enabled": _l("Bật xác thực hai bước"),
    "staff.totp_disabled": _l("Tắt xác thực hai bước"),
    "staff.recovery_codes_renewed": _l("Tạo lại mã khôi phục"),
    "staff.invite_accepted": _l("Nhận lời mời"),
    "staff.reset_accepted": _l("Đặt lại mật khẩu"),
    "staff.confirm_requested": _l("Yêu cầu thư xác nhận email"),
    "staff.confirm_accepted": _l("Xác nhận email"),
    "outbox.retried": _l("Gửi lại thư/tin nhắn cho người dân"),
    "outbox.retried_all": _l("Gửi lại mọi thư/tin nhắn đã ngừng thử"),
    "outbox.dropped": _l("Bỏ thư/tin nhắn, không gửi"),
    "search.synonym_added": _l("Thêm từ đồng nghĩa tìm kiếm"),
    "search.synonym_removed": _l("Xóa từ đồng nghĩa tìm kiếm"),
}

REVISION_ACTIONS = {
    "created": _l("Tạo mới"), "saved": _l("Sửa"), "draft_saved": _l("Lưu bản nháp"),
    "published": _l("Công bố"), "scheduled": _l("Hẹn ngày công bố"), "unpublished": _l("Ngừng công bố"),
    "restored": _l("Khôi phục"), "imported": _l("Nhập từ tệp"),
}

ROLE_NAMES = {"admin": _l("Quản trị"), "editor": _l("Biên tập"), "officer": _l("Xử lý hồ sơ")}


def field_labels() -> dict:
    """Guide, contact and ward field names → labels."""
    return FIELD_LABELS


def action_label(action: str) -> str:
    """The sentence for an audit action; an unknown code is shown as it is."""
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action


def revision_action_label(action: str) -> str:
    """The word for what a revision did."""
    label = REVISION_ACTIONS.get(action)
    return str(label) if label is not None else action


def describe_details(details: dict, names: dict[str, str]) -> list[str]:
    """An audit entry's details as short readable phrases (changed fields by name, roles, dates)."""
    phrases = []
    for key, value in (details or {}).items():
        if key == "fields" and isinstance(value, list):
            if value:
                phrases.append(", ".join(str(FIELD_LABELS.get(v, v)) for v in value))
        elif key == "roles" and isinstance(value, list):
            phrases.append(", ".join(str(ROLE_NAMES.get(v, v)) for v in value) or str(_l("không vai trò nào")))
        elif key == "revision":
            phrases.append(str(_l("phiên bản %(n)s", n=value)))
        elif key == "restored_from":
            phrases.append(str(_l("từ phiên bản %(n)s", n=value)))
        elif key == "effective_date":
            phrases.append(str(_l("có hiệu lực từ %(d)s", d=_day(value))))
        elif key == "admin":
            phrases.append(str(_l("quản trị: %(name)s", name=names.get(str(value), value))))
        else:
            phrases.append(f"{key}: {value}")
    return phrases


def _day(iso: str) -> str:
    """``2026-12-31`` → ``31/12/2026``."""
    parts = str(iso).split("-")
    return "/".join(reversed(parts)) if len(parts) == 3 else str(iso)
