"""What residents call the procedures, and the words they put around them: the default search lexicon.

Residents say "sổ đỏ", "công chứng", "ở trọ", "mở quán"; the catalogue says "giấy chứng nhận quyền sử
dụng đất", "chứng thực", "tạm trú", "thành lập hộ kinh doanh". Written from how people ask at a one-stop
desk and on public Q&A pages, grouped by field of the national catalogue; wards add their own entries
(synonyms.merge_synonyms). Written with diacritics for editors; folded on use.
"""

_BIRTH = ("đăng ký khai sinh",)
_MARRIAGE = ("đăng ký kết hôn",)
_DEATH = ("đăng ký khai tử",)
_SINGLE = ("xác nhận tình trạng hôn nhân",)
_EXTRACT = ("cấp bản sao trích lục hộ tịch",)
_CORRECTION = ("thay đổi cải chính bổ sung thông tin hộ tịch",)
_PARENTAGE = ("đăng ký nhận cha mẹ con",)
_ADOPTION = ("nuôi con nuôi",)
_COPY = ("chứng thực bản sao từ bản chính",)
_SIGNATURE = ("chứng thực chữ ký",)
_CONTRACT = ("chứng thực hợp đồng giao dịch",)
_ESTATE = ("thỏa thuận phân chia di sản",)
_PERMANENT = ("đăng ký thường trú",)
_TEMPORARY = ("đăng ký tạm trú",)
_STRIKE_OFF = ("xóa đăng ký thường trú",)
_ABSENCE = ("khai báo tạm vắng",)
_RESIDENCE_DATA = ("điều chỉnh thông tin về cư trú",)
_OPEN_SHOP = ("đăng ký thành lập hộ kinh doanh",)
_SHOP = ("hộ kinh doanh",)
_PAUSE_SHOP = ("tạm ngừng hoạt động hộ kinh doanh",)
_CLOSE_SHOP = ("chấm dứt hoạt động hộ kinh doanh",)
_BUILD = ("giấy phép xây dựng nhà ở riêng lẻ",)
_REPAIR = ("giấy phép sửa chữa cải tạo nhà ở riêng lẻ",)
_LAND_TITLE = ("giấy chứng nhận quyền sử dụng đất",)
_LAND_TRANSFER = ("đăng ký biến động", "chuyển nhượng")
_LAND_DISPUTE = ("hòa giải tranh chấp đất đai",)
_ALLOWANCE = ("trợ cấp xã hội hàng tháng", "bảo trợ xã hội")
_FUNERAL = ("mai táng",)
_DISABILITY = ("xác định mức độ khuyết tật",)
_POOR = ("công nhận hộ nghèo hộ cận nghèo",)
_MERIT = ("người có công",)
_GRAVES = ("thăm viếng mộ liệt sĩ",)
_MOBILE = ("lưu động",)


def _each(phrases: str, official: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Return every `|`-separated everyday phrase mapped to the same official phrases."""
    return {phrase.strip(): official for phrase in phrases.split("|")}


# Everyday phrase → official phrases it stands for (the first is what is meant; later ones are second
# choices). Not here on purpose: "căn cước" (ID cards are issued by the police, not by a ward's residence
# desk) and "ly hôn" alone (a divorce is a court's decision; the ward only records one granted abroad, a
# rare case a resident asking about divorce is not looking for).
DEFAULT_SYNONYMS: dict[str, tuple[str, ...]] = {
    # Hộ tịch
    **_each("giấy khai sinh | làm giấy khai sinh | khai sinh cho con | mới sinh | vừa sinh | sinh con"
            " | trẻ sơ sinh | em bé mới sinh | giấy khai sanh", _BIRTH),
    # A lost paper is usually copied from the register (trích lục); registered again only when the
    # register is gone too.
    **_each("mất giấy khai sinh | mất bản chính giấy khai sinh", (*_EXTRACT, "đăng ký lại khai sinh")),
    **_each("làm lại giấy khai sinh | khai sinh lại", ("đăng ký lại khai sinh", *_EXTRACT)),
    # Not "kết hôn lại": that is to remarry.
    **_each("mất giấy kết hôn | mất giấy đăng ký kết hôn", (*_EXTRACT, "đăng ký lại kết hôn")),
    "làm lại giấy kết hôn": ("đăng ký lại kết hôn", *_EXTRACT),
    **_each("mất giấy chứng tử", (*_EXTRACT, "đăng ký lại khai tử")),
    **_each("khai tử lại | làm lại giấy chứng tử", ("đăng ký lại khai tử", *_EXTRACT)),
    # Parents not married: the birth is registered together with the recognition of the father.
    **_each("chưa cưới | sống chung | chung sống"
            " | ngoài giá thú | mang họ bố | mang họ cha | tên bố | tên cha | có tên bố | ghi tên bố",
            _PARENTAGE),
    # A step-parent adopts; "nhận con" alone is recognising one's own child.
    **_each("cha dượng | bố dượng | mẹ kế | chồng sau | vợ sau | con riêng của vợ | con riêng của chồng"
            " | nhận con riêng của vợ | nhận con riêng của chồng", _ADOPTION),
    **_each("người lào | người trung quốc | người campuchia | người nước ngoài | quốc tịch nước ngoài",
            ("yếu tố nước ngoài",)),
    **_each("sát biên giới | giáp biên giới | vùng biên giới | biên giới", ("khu vực biên giới",)),
    # Not "đến nhà": a will, too, is certified at the home of someone who cannot come.
    **_each("tận nhà | đến tận nhà | tại nhà | tận nơi | xuống nhà | xuống thôn | xuống bản"
            " | vùng sâu | vùng xa"
            " | vùng cao | miền núi", _MOBILE),
    # A paper lost is copied from the register (trích lục), or issued again ("lại") if that is gone too.
    **_each("bị mất | làm mất | đánh mất | thất lạc | mất hết | bị cháy | cháy mất | cháy hết",
            ("bản sao trích lục", "lại")),
    # ... from the register if the ward still keeps it, issued again if not
    **_each("còn sổ | còn lưu sổ | vẫn còn sổ | còn sổ gốc | vẫn lưu sổ | còn sổ lưu | vẫn còn sổ lưu",
            ("bản sao trích lục",)),
    **_each("không còn sổ | không còn lưu sổ | không lưu sổ | mất sổ | sổ cũng mất", ("lại",)),
    **_each("sổ lưu | lưu sổ | sổ gốc | sổ đăng ký", ("sổ hộ tịch",)),
    **_each("giấy kết hôn | đăng ký cưới | lấy vợ | lấy chồng | cưới vợ | cưới chồng | đám cưới | cưới"
            " | giấy hôn thú | hôn thú | giấy đăng ký kết hôn", _MARRIAGE),
    **_each("giấy chứng tử | báo tử | chết | qua đời | từ trần | tử vong | khai tử cho", _DEATH),
    **_each("độc thân | giấy độc thân | xác nhận độc thân | chưa kết hôn | chưa vợ | chưa chồng"
            " | chưa lập gia đình | tình trạng hôn nhân", _SINGLE),
    **_each("trích lục lại | cấp lại bản sao | xin lại bản sao | trích lục | bản sao giấy khai sinh | bản sao khai sinh | bản sao giấy kết hôn"
            " | bản sao giấy chứng tử | bản sao khai tử | bản sao đăng ký kết hôn", _EXTRACT),
    **_each("nhận con | nhận cha | nhận bố | nhận mẹ | nhận con ruột | công nhận cha con"
            " | xác nhận cha con | con ngoài giá thú", _PARENTAGE),
    **_each("con nuôi | nhận nuôi | nhận con nuôi | xin con nuôi | làm con nuôi", _ADOPTION),
    "người giám hộ": ("đăng ký giám hộ",),
    **_each("kết thúc giám hộ | thôi giám hộ | hết giám hộ | dừng giám hộ", ("chấm dứt giám hộ",)),
    **_each("đổi tên | sửa tên | đổi họ | sửa giấy khai sinh | sai tên | sai ngày sinh | sai năm sinh"
            " | sửa ngày sinh | sửa năm sinh | sửa họ tên | sửa họ | đổi dân tộc | cải chính", _CORRECTION),
    "sửa": ("cải chính", "thay đổi"),
    "thiếu": ("bổ sung",),
    # A mistake in a civil status paper is corrected; one in a certified contract is fixed by the desk.
    **_each("ghi sai | viết sai | ghi nhầm | sai thông tin | sai sót", (*_CORRECTION, "sửa lỗi sai sót")),
    **_each("ly hôn ở nước ngoài | ly hôn tại nước ngoài | ly hôn nước ngoài | ghi chú ly hôn",
            ("ghi vào sổ hộ tịch việc ly hôn",)),
    # Chứng thực
    **_each("công chứng | chứng thực", ("chứng thực",)),
    **_each("công chứng bản sao | sao y | sao y bản chính | photo công chứng | bản photo | sao giấy tờ",
            _COPY),
    **_each("ký tên | chữ ký | xác nhận chữ ký | công chứng chữ ký | giấy ủy quyền", _SIGNATURE),
    **_each("bản dịch | dịch thuật | dịch công chứng | người dịch", ("chứng thực chữ ký người dịch",)),
    **_each("hợp đồng mua bán | mua bán xe | hợp đồng tặng cho | hợp đồng thế chấp | hợp đồng ủy quyền"
            " | hợp đồng thuê nhà", _CONTRACT),
    **_each("xe máy | ô tô | xe", ("động sản",)),
    # Also "di chúc" and "di sản" themselves: their "di" folds like "đi", a filler word.
    **_each("di chúc | viết di chúc | lập di chúc | để lại di chúc | chúc thư", ("chứng thực di chúc",)),
    "di sản": ("phân chia di sản",),
    **_each("chia thừa kế | chia tài sản thừa kế | chia di sản | phân chia tài sản | chia tài sản", _ESTATE),
    **_each("hợp đồng bị sai | sửa hợp đồng | hợp đồng ghi sai", ("sửa lỗi sai sót trong hợp đồng",)),
    # Cư trú
    "hộ khẩu": ("cư trú", "thường trú"),
    **_each("nhập hộ khẩu | nhập khẩu | chuyển khẩu | chuyển hộ khẩu | đăng ký hộ khẩu | làm hộ khẩu"
            " | tách hộ | tách khẩu | tách hộ khẩu | nhập hộ", _PERMANENT),
    **_each("ở trọ | thuê trọ | nhà trọ | phòng trọ | thuê nhà | ở nhờ | ở tạm | khai báo tạm trú",
            _TEMPORARY),
    **_each("tạm trú hết hạn | hết hạn tạm trú", ("gia hạn tạm trú",)),
    **_each("cắt hộ khẩu | cắt khẩu | xóa hộ khẩu | xóa tên khỏi hộ khẩu | rút hộ khẩu", _STRIKE_OFF),
    **_each("tạm vắng | báo vắng | đi vắng | đi làm xa | đi làm ăn xa | xuất khẩu lao động", _ABSENCE),
    **_each("sửa hộ khẩu | sửa thông tin hộ khẩu | thay đổi chủ hộ | đổi chủ hộ | chuyển chủ hộ | chủ hộ"
            " | đứng tên chủ hộ | thông tin cư trú | dữ liệu dân cư | vneid | định danh điện tử",
            _RESIDENCE_DATA),
    # Hộ kinh doanh
    **_each("mở quán | mở tiệm | mở cửa hàng | mở shop | đăng ký kinh doanh | giấy phép mở quán"
            " | xin giấy phép kinh doanh | làm giấy phép kinh doanh | xin giấy phép mở quán", _OPEN_SHOP),
    # The paper a shop already has: its name says which shop, not that one is to be opened.
    # Not "quán" or "tiệm" alone: they fold like "quan" (quan hệ) and "tiêm" (tiêm phòng).
    **_each("kinh doanh cá thể | hộ cá thể | cửa hàng | quán ăn | quán nước | quán cà phê | tiệm tạp hóa"
            " | tiệm ăn | buôn bán | bán hàng | tạp hóa"
            " | giấy phép kinh doanh | giấy đăng ký hộ kinh doanh | giấy đăng ký kinh doanh", _SHOP),
    **_each("đổi địa chỉ kinh doanh | đổi ngành nghề | thêm ngành nghề | đổi ngành nghề kinh doanh"
            " | thêm ngành | bổ sung ngành | bổ sung thêm ngành | mặt bằng khác | chuyển mặt bằng",
            ("thay đổi nội dung đăng ký hộ kinh doanh",)),
    **_each("đổi địa chỉ | chuyển địa chỉ | địa chỉ mới | chuyển địa điểm", ("thay đổi",)),
    **_each("tạm nghỉ | tạm đóng cửa | đóng cửa tạm thời | nghỉ bán tạm thời | tạm dừng | tạm ngưng"
            " | nghỉ tạm", _PAUSE_SHOP),
    **_each("giải thể | đóng cửa | đóng cửa hẳn | thôi kinh doanh | dẹp quán | nghỉ hẳn | nghỉ luôn"
            " | nghỉ bán luôn | ngừng kinh doanh | không kinh doanh nữa | không buôn bán nữa", _CLOSE_SHOP),
    # Stopping for a while or for good: unsaid, the pause is the likelier (and the one a desk checks first).
    **_each("nghỉ bán | nghỉ kinh doanh | nghỉ bán hàng", (*_PAUSE_SHOP, *_CLOSE_SHOP)),
    "kết thúc": ("chấm dứt",),
    "đổi": ("thay đổi",),
    "ngưng": ("ngừng",),
    # Xây dựng
    **_each("xin phép xây nhà | phép xây nhà | xây nhà | làm nhà | xây nhà mới | dựng nhà | cất nhà", _BUILD),
    **_each("sửa nhà | sửa chữa nhà | cải tạo nhà | nâng tầng | cơi nới | sửa lại nhà | xây thêm tầng"
            " | thêm tầng | nâng thêm | nâng lên | xây thêm", _REPAIR),
    # A permit lapses if the work has not started within twelve months.
    **_each("giấy phép xây dựng hết hạn | hết hạn giấy phép xây dựng | giấy phép hết hạn | chưa khởi công",
            ("gia hạn giấy phép xây dựng",)),
    # Đất đai
    # The pink book is the land-use certificate with the house on it: no guide's title names both in full.
    **_each("sổ hồng | làm sổ hồng | cấp sổ hồng | bìa hồng", (*_LAND_TITLE, "quyền sở hữu nhà ở")),
    **_each("sổ đỏ | bìa đỏ | làm sổ đỏ | cấp sổ đỏ | giấy tờ nhà đất | sổ đất", _LAND_TITLE),
    **_each("sang tên | sang tên sổ đỏ | mua đất | bán đất | mua bán đất | cho đất | tặng đất"
            " | cho tặng đất | thừa kế đất | đất thừa kế", _LAND_TRANSFER),
    **_each("tranh chấp đất | lấn đất | lấn chiếm | ranh giới đất | mốc giới | hòa giải đất", _LAND_DISPUTE),
    # Bảo trợ xã hội
    **_each("trợ cấp người già | tiền người già | người già | người cao tuổi | cao tuổi | lương người già"
            " | mồ côi | trẻ mồ côi | neo đơn | đơn thân | người khuyết tật | tiền trợ cấp", _ALLOWANCE),
    # Everyday words for the allowances; "lương hưu" of someone without a pension is the social pension.
    **_each("tiền già | tiền người già | già rồi | già yếu | tuổi già", _ALLOWANCE),
    **_each("lương hưu | lương hưu người già | hưu trí", ("trợ cấp hưu trí xã hội", *_ALLOWANCE)),
    **_each("giấy ế vợ | giấy ế chồng | giấy ế", _SINGLE),
    "trợ cấp khuyết tật": ("trợ cấp xã hội hàng tháng người khuyết tật",),
    **_each("mai táng phí | ma chay | đám ma | đám tang | tang lễ | chôn cất | hỏa táng | tiền mai táng",
            _FUNERAL),
    **_each("giấy xác nhận khuyết tật | giám định khuyết tật | đánh giá khuyết tật | thẻ khuyết tật",
            _DISABILITY),
    **_each("hộ nghèo | cận nghèo | sổ hộ nghèo | hộ khó khăn | nhà nghèo | gia đình nghèo | xét hộ nghèo",
            _POOR),
    # Người có công
    **_each("thương binh | liệt sĩ | bệnh binh | huân chương | huy chương kháng chiến | kháng chiến", _MERIT),
    **_each("thăm mộ | viếng mộ | mộ liệt sĩ | thăm mộ liệt sĩ | viếng mộ liệt sĩ", _GRAVES),
}

# Words residents add around the name of a procedure ("làm", "xin", "thủ tục", "cho con", "ở đâu").
# They are dropped from a query, unless the query is nothing else. Kept as phrases where a single word
# would be wrong to drop ("con" alone is part of "nhận cha, mẹ, con"; "ở" alone of "nhà ở"; "có" of
# "người có công"), and never a word that folds like a title word ("đang" like "đăng", "sao" like
# "bản sao", "đâu" like "lần đầu", "đó" like "sổ đỏ", "hết" of "hết hạn").
FILLER_PHRASES: tuple[str, ...] = (
    "làm", "làm sao", "xin", "lấy", "xin cấp", "thủ tục", "thủ tục hành chính", "cho con", "cho bé", "cho cháu",
    "cách", "ở đâu", "như thế nào", "thế nào", "bao lâu", "mất bao lâu", "cần gì", "cần những gì",
    "giấy tờ gì", "hồ sơ gì", "những gì", "hướng dẫn", "muốn", "tôi", "mình", "em", "cần", "phải",
    "đi", "nộp", "online", "ở phường", "tại phường", "ở xã", "tại xã", "mẫu", "mới nhất", "hỏi", "giúp",
    "với", "ạ", "nhé", "gì", "không", "được không", "thì", "ra sao", "vậy", "nào", "là",
    "những", "các", "của", "và", "để", "mà", "rồi", "đã", "sẽ", "nữa", "bị", "ai",
    # A sentence's questions and time words
    "xin hỏi", "cho hỏi", "cho em hỏi", "cho tôi hỏi", "cho mình hỏi", "làm ơn", "có cần", "có phải",
    "có được", "có thể", "được", "bao nhiêu", "bao nhiêu tiền", "khi nào", "lúc nào", "chỗ nào",
    "vừa", "vừa mới", "mới đây", "hiện nay", "hiện tại", "bây giờ", "giờ", "trước đây", "hồi trước",
    "tháng trước", "tuần trước", "năm ngoái", "hôm qua", "hôm nay", "sắp", "cũng", "rất", "cả", "chỉ",
    "nhưng", "nếu", "vì", "nên", "bạn", "anh", "chị", "ơi", "bị phạt", "nộp phạt", "phạt tiền",
    # "chưa" and "có" fold like "chữa" (sửa chữa) and the "có" of titles: dropped only in these phrases
    "chưa làm", "chưa có", "chưa được", "vẫn chưa", "mà chưa", "chưa bao giờ", "chưa từng", "chưa ai",
    "có bị", "có đủ", "có ai", "có bị phạt", "bị phạt không",
    # "từ" folds like "tử" (khai tử): dropped in time phrases only
    "từ năm", "từ lâu", "từ hồi", "từ trước", "từ khi",
    # Who it is for
    "bố tôi", "mẹ tôi", "ông tôi", "bà tôi", "vợ tôi", "chồng tôi", "con tôi", "anh tôi", "chị tôi",
    "em tôi", "cháu tôi", "ông nội", "bà nội", "ông ngoại", "bà ngoại", "gia đình tôi", "nhà tôi",
    "nhà mình", "người nhà",
    # Who is asked
    "cán bộ", "cán bộ xã", "cán bộ phường", "ủy ban", "ủy ban xã", "ủy ban phường", "ubnd",
)
