"""Warnings for a guide's editor: texts that contradict the guide's own settings (nothing is refused).

Today one check: where to submit (and the steps) sending residents to the national portal although this
portal takes the application online itself, or promising online submission the guide does not offer.
"""

from __future__ import annotations

import re
import unicodedata

from flask_babel import lazy_gettext as _l

_NATIONAL_PORTAL = re.compile(r"cong dich vu cong quoc gia|dichvucong\.gov\.vn")
_ONLINE = re.compile(r"truc tuyen")
_NOT_ONLINE = re.compile(r"khong (nhan|tiep nhan|ho tro) (ho so )?(nop )?truc tuyen|chua (nhan|ho tro) truc tuyen")


def fold(text: str) -> str:
    """Lower case without accents (đ → d), spaces collapsed: for matching phrases however typed."""
    decomposed = unicodedata.normalize("NFD", (text or "").lower().replace("đ", "d"))
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).split())


def submission_warnings(where_to_submit: str, steps: str, online_level: str) -> list:
    """Messages for an editor when the guide's texts contradict its online level (empty when consistent)."""
    where, steps_text = fold(where_to_submit), fold(steps)
    warnings = []
    if online_level in ("full", "partial"):
        if _NATIONAL_PORTAL.search(where) or _NATIONAL_PORTAL.search(steps_text):
            warnings.append(_l("“Nơi nộp hồ sơ” hoặc “Trình tự thực hiện” hướng người dân nộp trên Cổng Dịch vụ "
                               "công quốc gia, trong khi thủ tục này nhận hồ sơ trực tuyến ngay trên cổng của "
                               "phường, xã (nút “Nộp hồ sơ trực tuyến”). Hãy hướng dẫn nộp trên cổng này."))
        if _NOT_ONLINE.search(where):
            warnings.append(_l("“Nơi nộp hồ sơ” nói không nhận hồ sơ trực tuyến, nhưng mức độ trực tuyến cho phép "
                               "nộp trực tuyến."))
    elif online_level == "none" and _ONLINE.search(where) and not _NOT_ONLINE.search(where):
        warnings.append(_l("“Nơi nộp hồ sơ” nói có thể nộp trực tuyến, nhưng mức độ trực tuyến là “Chỉ cung cấp "
                           "thông tin”: người dân sẽ không thấy nút nộp hồ sơ."))
    return warnings
