"""Telling applicants what happened to their dossier: the texts, queued for the senders of `kernel.senders`.

Messages go through a transactional outbox (the ``outbox_message`` table) and are sent by the worker
command (`outbox.deliver_pending`) with retries and backoff: a mail outage must never undo, block or slow a
recorded step.
"""

from __future__ import annotations

import logging

from wardportal.kernel.extensions import db
from wardportal.kernel.public_address import public_path_url
from wardportal.kernel.senders import Message
from wardportal.notifications.models import OutboxMessage
from wardportal.payments import ledger, vietqr

logger = logging.getLogger("wardportal.notifications")

# What the applicant reads for each event (DossierAction values of the workflow, plus "submitted").
EVENT_TEXT = {
    "submitted": "Hồ sơ {code} đã được nộp trực tuyến thành công. Dự kiến trả kết quả: {due}.",
    "registered": "Hồ sơ {code} đã được tiếp nhận tại Bộ phận Một cửa. Hẹn trả kết quả: {due}.",
    "receive": "Hồ sơ {code} đã được tiếp nhận. Hẹn trả kết quả: {due}.",
    "refuse": "Hồ sơ {code} không được tiếp nhận. Vui lòng xem lý do trên trang tra cứu.",
    "start_processing": "Hồ sơ {code} đang được xử lý.",
    "request_documents": "Hồ sơ {code} cần bổ sung giấy tờ. Vui lòng xem danh sách trên trang tra cứu.",
    "documents_supplied": "Hồ sơ {code} đã nhận đủ giấy tờ bổ sung và tiếp tục được xử lý.",
    "request_fees": "Hồ sơ {code} cần thực hiện nghĩa vụ tài chính. Vui lòng xem trên trang tra cứu.",
    "fees_paid": "Hồ sơ {code} đã hoàn thành nghĩa vụ tài chính và tiếp tục được xử lý.",
    "withdraw": "Hồ sơ {code} đã được rút theo yêu cầu.",
    "stop": "Hồ sơ {code} đã dừng xử lý. Vui lòng xem lý do trên trang tra cứu.",
    "mark_ready": "Hồ sơ {code} đã có kết quả.",
    "return_result": "Kết quả hồ sơ {code} đã được trả.",
    "apologise": "Hồ sơ {code} chưa giải quyết kịp hạn; ngày hẹn mới: {due}. Thành thật xin lỗi ông/bà.",
    # track.phone_check: someone kept typing wrong phone digits to open the dossier's details
    "phone_check_locked": "Có người đã nhập sai nhiều lần 4 chữ số cuối số điện thoại để xem hồ sơ {code}; "
                          "trang chi tiết hồ sơ tạm khóa. Nếu không phải ông/bà, vui lòng báo Bộ phận Một cửa.",
    # track.unlock_codes: the applicant asked to lift that lock; the one-time code goes only to them
    "phone_unlock_code": "Mã mở khóa hồ sơ {code}: {unlock_code} (dùng một lần, hiệu lực {minutes} phút). "
                         "Không đưa mã này cho bất kỳ ai.",
}
DEFAULT_TEXT = "Hồ sơ {code} có cập nhật mới."
# Events after which the applicant may owe a fee: the message carries the transfer details.
FEE_EVENTS = ("submitted", "request_fees")


def _event_name(event) -> str:
    """Accept a DossierEvent (its action) or a plain event name."""
    return getattr(event, "action", None) or str(event)


def _due(dossier) -> str:
    """The appointment date as dd/mm/yyyy, or a dash before there is one."""
    day = dossier.new_appointment_date or dossier.due_date
    return f"{day:%d/%m/%Y}" if day else "—"


def tracking_link(dossier) -> str | None:
    """Absolute tracking link of a dossier on the public address (never the request's Host); None without one."""
    return public_path_url(f"/{dossier.ward.slug}/ho-so/{dossier.tracking_token}")


def _payment_details(dossier, name: str):
    """The transfer to make (text and VietQR image) when this event leaves a fee to pay; else None."""
    if name not in FEE_EVENTS:
        return None

    transfer = ledger.fee_status(dossier).transfer
    if transfer is None:
        return None
    text = (f"Số tiền cần nộp: {transfer.amount:,} đồng".replace(",", ".")
            + f"\nNgân hàng: {transfer.bank_name}\nSố tài khoản: {transfer.account_number}"
            + f"\nChủ tài khoản: {transfer.account_name}\nNội dung chuyển khoản: {transfer.note}"
            + "\nHoặc quét mã VietQR đính kèm bằng ứng dụng ngân hàng.")
    return transfer, text, vietqr.payload_for(transfer)


def build_messages(dossier, event, **values) -> list[Message]:
    """The email and SMS for one event of a dossier (email only when the applicant gave one); ``values``
    fill the event's own placeholders (an unlock code, its minutes)."""
    name = _event_name(event)
    text = EVENT_TEXT.get(name, DEFAULT_TEXT).format(code=dossier.code, due=_due(dossier), **values)
    link = tracking_link(dossier)
    ward = dossier.ward.name
    payment = _payment_details(dossier, name)
    messages = []
    if dossier.applicant_email:
        body = f"Kính gửi ông/bà {dossier.applicant_name},\n\n{text}\n"
        if payment:
            body += f"\n{payment[1]}\n"
        if link:
            body += f"\nTra cứu hồ sơ và tải phiếu tiếp nhận: {link}\n"
        body += f"\n{ward}\nĐường dây nóng: {dossier.ward.hotline}\n"
        messages.append(Message(dossier.code, name, dossier.applicant_email, f"[{ward}] {text}", body,
                                payment[2] if payment else None))
    if dossier.applicant_phone:
        fee = f" Nộp {payment[0].amount:,}d, ND: {payment[0].note}.".replace(",", ".") if payment else ""
        sms = f"{ward}: {text}{fee}" + (f" {link}" if link else "")
        messages.append(Message(dossier.code, name, dossier.applicant_phone, "", sms))
    return messages


def notify_applicant(dossier, event, **values) -> int:
    """Queue the applicant's messages for an event (a DossierEvent or an event name); return how many.

    Transactional outbox: the rows are added to the caller's session and commit (or roll back) with the
    change they report. `deliver_pending` (the ``worker`` command) sends them; a slow or failing provider
    never touches the citizen's request, and a server dying after the commit loses nothing.
    """
    messages = build_messages(dossier, event, **values)
    for message in messages:
        db.session.add(OutboxMessage(
            dossier_id=dossier.id, channel="email" if "@" in message.recipient else "sms", event=message.event,
            dossier_code=message.dossier_code, recipient=message.recipient, subject=message.subject,
            body=message.body, vietqr_payload=message.vietqr_payload))
    return len(messages)


def sms_configured(config) -> bool:
    """Whether a real SMS provider is set up (the pages promise text messages only then)."""
    return bool(config.get("SMS_SENDER"))
