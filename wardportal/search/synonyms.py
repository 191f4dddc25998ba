"""Everyday names for procedures, and the filler words residents add around them.

Residents say "sổ đỏ" and "công chứng"; the catalogue says "giấy chứng nhận quyền sử dụng đất" and
"chứng thực". A query phrase found here is searched as itself *or* as any of its official phrases. Wards
extend the list (editors store extra entries per ward); `merge_synonyms` combines them with the defaults.
"""

from collections.abc import Iterable, Mapping

from .folding import words

# Everyday phrase → official phrases it stands for. Written with diacritics for editors; folded on use.
DEFAULT_SYNONYMS: dict[str, tuple[str, ...]] = {
    "độc thân": ("xác nhận tình trạng hôn nhân",),
    "giấy độc thân": ("xác nhận tình trạng hôn nhân",),
    "xác nhận độc thân": ("xác nhận tình trạng hôn nhân",),
    "công chứng": ("chứng thực",),
    "công chứng bản sao": ("chứng thực bản sao từ bản chính",),
    "sao y": ("chứng thực bản sao từ bản chính",),
    "sao y bản chính": ("chứng thực bản sao từ bản chính",),
    "photo công chứng": ("chứng thực bản sao từ bản chính",),
    "sổ đỏ": ("giấy chứng nhận quyền sử dụng đất",),
    "sổ hồng": ("giấy chứng nhận quyền sử dụng đất quyền sở hữu nhà ở",),
    "bìa đỏ": ("giấy chứng nhận quyền sử dụng đất",),
    "giấy khai sinh": ("đăng ký khai sinh",),
    "làm giấy khai sinh": ("đăng ký khai sinh",),
    "khai sinh cho con": ("đăng ký khai sinh",),
    "làm lại giấy khai sinh": ("đăng ký lại khai sinh", "cấp bản sao trích lục hộ tịch"),
    "giấy chứng tử": ("đăng ký khai tử",),
    "báo tử": ("đăng ký khai tử",),
    "giấy kết hôn": ("đăng ký kết hôn",),
    "đăng ký cưới": ("đăng ký kết hôn",),
    "lấy vợ": ("đăng ký kết hôn",),
    "lấy chồng": ("đăng ký kết hôn",),
    "hộ khẩu": ("cư trú", "thường trú"),
    "nhập hộ khẩu": ("đăng ký thường trú",),
    "cắt hộ khẩu": ("xóa đăng ký thường trú",),
    "chuyển hộ khẩu": ("đăng ký thường trú",),
    "tạm vắng": ("khai báo tạm vắng",),
    "xin phép xây nhà": ("giấy phép xây dựng nhà ở riêng lẻ",),
    "phép xây nhà": ("giấy phép xây dựng nhà ở riêng lẻ",),
    "xây nhà": ("giấy phép xây dựng nhà ở riêng lẻ",),
    "sửa nhà": ("giấy phép sửa chữa cải tạo nhà ở riêng lẻ", "giấy phép xây dựng nhà ở riêng lẻ"),
    "mở quán": ("đăng ký thành lập hộ kinh doanh",),
    "giấy phép kinh doanh": ("đăng ký thành lập hộ kinh doanh",),
    "đăng ký kinh doanh": ("đăng ký thành lập hộ kinh doanh",),
    "kinh doanh cá thể": ("hộ kinh doanh",),
    "đổi tên": ("thay đổi cải chính bổ sung thông tin hộ tịch",),
    "sửa tên": ("thay đổi cải chính bổ sung thông tin hộ tịch",),
    "sửa giấy khai sinh": ("thay đổi cải chính bổ sung thông tin hộ tịch",),
    "trích lục": ("cấp bản sao trích lục hộ tịch",),
    "bản sao giấy khai sinh": ("cấp bản sao trích lục hộ tịch",),
    "nhận con": ("đăng ký nhận cha mẹ con",),
    "nhận cha": ("đăng ký nhận cha mẹ con",),
    "con nuôi": ("đăng ký việc nuôi con nuôi",),
    "người giám hộ": ("đăng ký giám hộ",),
    "trợ cấp người già": ("trợ cấp xã hội hàng tháng",),
    "tiền người già": ("trợ cấp xã hội hàng tháng",),
    "trợ cấp khuyết tật": ("trợ cấp xã hội hàng tháng người khuyết tật",),
    "thương binh": ("người có công",),
    "liệt sĩ": ("người có công",),
    "mai táng phí": ("trợ cấp mai táng",),
    "hộ nghèo": ("công nhận hộ nghèo hộ cận nghèo",),
    "cận nghèo": ("công nhận hộ nghèo hộ cận nghèo",),
    "sang tên": ("đăng ký biến động", "chuyển nhượng"),
    "nhận nuôi": ("nuôi con nuôi",),
}
# Not here on purpose: "căn cước" (ID cards are issued by the police, not by a ward's residence desk)
# and "ly hôn" (a divorce is a court's decision; the ward only records one granted abroad, a rare case
# that a resident asking about divorce is not looking for).

# Words residents add around the name of a procedure ("làm", "xin", "thủ tục", "cho con", "ở đâu").
# They are dropped from a query, unless the query is nothing else. Kept as phrases where a single word
# would be wrong to drop ("con" alone is part of "nhận cha, mẹ, con"; "ở" alone of "nhà ở").
FILLER_PHRASES: tuple[str, ...] = (
    "làm", "làm sao", "xin", "xin cấp", "thủ tục", "thủ tục hành chính", "cho con", "cho bé", "cho cháu",
    "cách", "ở đâu", "như thế nào", "thế nào", "bao lâu", "mất bao lâu", "cần gì", "cần những gì",
    "giấy tờ gì", "hồ sơ gì", "những gì", "hướng dẫn", "muốn", "tôi", "mình", "em", "cần", "phải",
    "đi", "nộp", "online", "ở phường", "tại phường", "ở xã", "tại xã", "mẫu", "mới nhất", "hỏi", "giúp",
    "với", "ạ", "nhé", "gì", "không", "được không", "thì", "ra sao", "vậy", "nào", "là",
    # Function words of a sentence; not "đang" (folds like "đăng"), "sao" (bản sao) or "đâu" (lần đầu).
    "những", "các", "của", "và", "để", "mà", "rồi", "đã", "sẽ", "nữa", "bị", "ai",
)


def _fold_phrase(phrase: str) -> tuple[str, ...]:
    """Return `phrase` as a tuple of folded words."""
    return tuple(words(phrase))


def merge_synonyms(extra: Mapping[str, Iterable[str] | str] | None = None) -> dict[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """Return the default synonyms plus a ward's `extra` entries, folded: words → alternative word lists.

    A ward entry with the same everyday phrase adds its official phrases to the default ones. Values may
    be one string or several; entries that fold to nothing are ignored.
    """
    merged: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    sources = [DEFAULT_SYNONYMS.items()]
    if extra:
        sources.append(extra.items())
    for items in sources:
        for everyday, official in items:
            key = _fold_phrase(everyday)
            if not key:
                continue
            targets = merged.setdefault(key, [])
            for phrase in ([official] if isinstance(official, str) else official):
                folded = _fold_phrase(phrase)
                if folded and folded not in targets and folded != key:
                    targets.append(folded)
    return {key: tuple(targets) for key, targets in merged.items() if targets}


FILLERS: frozenset[tuple[str, ...]] = frozenset(_fold_phrase(p) for p in FILLER_PHRASES)
