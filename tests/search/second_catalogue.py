"""A second, independently worded catalogue of commune-level guides, and queries against it (issue 28).

Written by a helper session on 2026-12-08 without seeing the search engine, its text-folding code, any
lexicon / synonym / abbreviation list of the project or any test query list. The only project files
read were the `_ROWS` list of tests/search/corpus.py (for the row shape, and so as NOT to reuse its
titles) and the format of tests/search/heldout_queries_4.py.

The guides are worded the way another commune's portal might list them after the 2025 reforms (two-level
local government from 1/7/2025: the commune / ward takes over most of the former district's procedures,
e.g. household businesses, building permits for houses, first land certificates, marriages and births with
a foreign element; residence and ID cards stay with the police, so they are NOT listed here). Titles,
summaries and document lists are my own words; none copies a demo title. The list of procedures follows
the usual commune lists (hộ tịch, chứng thực, hộ kinh doanh, xây dựng, đất đai, bảo trợ xã hội, người có
công, tín ngưỡng / văn hóa) as shown on provincial dichvucong pages and in a commune-level civil-status
report (https://123docz.net/document/9942908-thuc-tap-linh-vuc-ho-tich-tai-xa.htm); the web-page search
gave few procedure lists, so most of the list is from my own knowledge of the national catalogue.

Codes: the national codes also named as national in corpus.py's docstring (1.001193 khai sinh, 1.000894
kết hôn, 1.000656 khai tử, 1.004873 tình trạng hôn nhân, 2.000815 / 2.000884 chứng thực, 2.000635 trích
lục) are used for the same procedures; every other guide has an illustrative code "C2.NNNN" (I did not
verify national codes offline and would rather not invent wrong ones).

Row shape as corpus.py `_ROWS`: (code, title, field, online_level, processing_days, summary, documents).

HELD_OUT_5_SECOND: queries against this catalogue in the mixed styles of heldout_queries_5.py; each has
exactly one right guide here (its code). Status (2026-12-08): frozen, not yet run.
"""

HT, CT, KD, XD, DD, BTXH, NCC, VH = ("Hộ tịch", "Chứng thực", "Hộ kinh doanh", "Xây dựng", "Đất đai",
                                     "Bảo trợ xã hội", "Người có công", "Tín ngưỡng, tôn giáo, văn hóa")
SLUGS = {HT: "ho-tich", CT: "chung-thuc", KD: "ho-kinh-doanh", XD: "xay-dung", DD: "dat-dai",
         BTXH: "bao-tro-xa-hoi", NCC: "nguoi-co-cong", VH: "tin-nguong-ton-giao-van-hoa"}
_CC = "Căn cước hoặc hộ chiếu còn hạn của người đi nộp"

# (code, title, field, online_level, processing_days, summary, documents)
SECOND_ROWS = [
    # --- Hộ tịch ---
    ("1.001193", "Làm giấy khai sinh cho con mới chào đời", HT, "full", 1,
     "Bố, mẹ hoặc ông bà khai sinh cho bé trong vòng 60 ngày sau khi sinh; nhận giấy khai sinh và được cấp mã số định danh.",
     ["Mẫu tờ khai khai sinh", "Giấy chứng sinh của bệnh viện hoặc trạm y tế", _CC]),
    ("C2.0002", "Khai sinh lại cho người đã mất giấy khai sinh gốc và sổ lưu", HT, "partial", 5,
     "Người lớn tuổi làm lại khai sinh khi cả bản gốc lẫn sổ lưu ở ủy ban đều không còn.",
     ["Tờ khai", "Giấy tờ cũ có ghi ngày sinh, quê quán (học bạ, lý lịch, hồ sơ đảng viên)", _CC]),
    ("C2.0003", "Khai sinh cho bé có bố hoặc mẹ là người nước ngoài", HT, "partial", 3,
     "Trẻ sinh ở Việt Nam có một bên cha mẹ mang quốc tịch nước khác; cha mẹ thỏa thuận chọn quốc tịch cho con.",
     ["Tờ khai", "Giấy chứng sinh", "Văn bản thỏa thuận chọn quốc tịch", "Hộ chiếu của cha hoặc mẹ là người nước ngoài"]),
    ("1.000894", "Đăng ký cưới (làm giấy chứng nhận kết hôn)", HT, "full", 1,
     "Đôi nam nữ đủ tuổi đến ủy ban nơi một trong hai người sinh sống để ký và nhận giấy chứng nhận kết hôn.",
     ["Tờ khai của hai bên", "Giấy xác nhận độc thân nếu một bên ở nơi khác", _CC]),
    ("C2.0005", "Kết hôn với người nước ngoài", HT, "partial", 10,
     "Công dân Việt Nam lấy chồng, lấy vợ nước ngoài; có phỏng vấn và xác minh trước khi trao giấy.",
     ["Tờ khai kết hôn", "Giấy khám sức khỏe tâm thần", "Giấy tờ độc thân của người nước ngoài đã hợp pháp hóa lãnh sự", "Hộ chiếu"]),
    ("1.000656", "Báo tử cho người thân vừa qua đời", HT, "full", 1,
     "Gia đình báo việc người thân mất trong 15 ngày để được cấp trích lục khai tử và xóa thông tin trên hệ thống dân cư.",
     ["Tờ khai", "Giấy báo tử của bệnh viện hoặc xác nhận của trưởng thôn, tổ dân phố", _CC]),
    ("1.004873", "Xin giấy xác nhận đang độc thân", HT, "full", 3,
     "Giấy chứng minh bạn chưa kết hôn hoặc đã ly hôn, dùng để cưới, mua bán nhà đất, vay ngân hàng, đi làm ở nước ngoài.",
     ["Tờ khai xin giấy tình trạng hôn nhân", "Bản án, quyết định ly hôn nếu đã từng kết hôn", _CC]),
    ("2.000635", "Xin lại bản sao giấy khai sinh, giấy kết hôn, giấy báo tử đã cấp", HT, "full", 1,
     "Cấp thêm bản sao từ sổ gốc cho người đánh mất hoặc cần nhiều bản để nộp hồ sơ.",
     ["Tờ khai xin bản sao", _CC]),
    ("C2.0009", "Nhận con, nhận cha hoặc mẹ", HT, "partial", 3,
     "Bố hoặc mẹ công nhận con đẻ chưa có tên cha, mẹ trong giấy khai sinh; cần kết quả xét nghiệm ADN hoặc chứng cứ khác.",
     ["Tờ khai nhận cha, mẹ, con", "Kết quả xét nghiệm ADN", _CC]),
    ("C2.0010", "Đăng ký người giám hộ cho trẻ mồ côi hoặc người mất khả năng tự lo", HT, "partial", 3,
     "Ông bà, anh chị hoặc người được cử đứng ra chăm sóc, đại diện cho trẻ không còn cha mẹ, người bệnh tâm thần.",
     ["Tờ khai", "Giấy cử người giám hộ", _CC]),
    ("C2.0011", "Sửa sai họ tên, ngày sinh, quê quán trên giấy khai sinh", HT, "partial", 3,
     "Sửa chữ viết sai, bổ sung phần để trống, đổi tên cho con dưới 18 tuổi trong sổ hộ tịch.",
     ["Tờ khai", "Giấy khai sinh đang dùng", "Giấy tờ chứng minh thông tin đúng (học bạ, bằng cấp)"]),
    ("C2.0012", "Xác định lại dân tộc cho con", HT, "partial", 3,
     "Đổi dân tộc của con theo dân tộc của cha hoặc mẹ khi có yêu cầu.",
     ["Tờ khai", "Giấy khai sinh của con", "Giấy tờ thể hiện dân tộc của cha hoặc mẹ"]),
    ("C2.0013", "Nhận nuôi con nuôi trong nước", HT, "none", 30,
     "Gia đình muốn nhận một bé làm con nuôi; ủy ban xem xét điều kiện và lấy ý kiến người liên quan.",
     ["Đơn xin nhận con nuôi", "Phiếu lý lịch tư pháp của người nhận", "Giấy khám sức khỏe", "Giấy khai sinh của trẻ"]),
    ("C2.0014", "Ghi vào sổ việc khai sinh, kết hôn đã làm ở nước ngoài", HT, "partial", 5,
     "Người Việt đã khai sinh hoặc cưới ở nước ngoài về nước ghi chú lại để giấy tờ có giá trị ở Việt Nam.",
     ["Tờ khai ghi chú", "Bản sao giấy tờ hộ tịch nước ngoài đã hợp pháp hóa, dịch công chứng"]),
    # --- Chứng thực ---
    ("2.000815", "Sao y bản photo giấy tờ (chứng thực bản sao)", CT, "partial", 0,
     "Đóng dấu xác nhận bản photo giống bản gốc cho bằng cấp, học bạ, căn cước, sổ đỏ để nộp hồ sơ.",
     ["Bản gốc để đối chiếu", "Bản photo cần sao y"]),
    ("2.000884", "Chứng thực chữ ký trên đơn, giấy cam kết, giấy ủy quyền", CT, "none", 0,
     "Người ký có mặt ký trước cán bộ tư pháp để xác nhận đúng là chữ ký của mình.",
     [_CC, "Giấy tờ cần ký"]),
    ("C2.0017", "Chứng thực hợp đồng mua bán, cho tặng, thế chấp nhà đất", CT, "none", 2,
     "Xác nhận hợp đồng về nhà ở, quyền sử dụng đất giữa các bên tại ủy ban thay cho công chứng.",
     ["Bản dự thảo hợp đồng", "Sổ đỏ hoặc sổ hồng bản gốc", _CC]),
    ("C2.0018", "Chứng thực hợp đồng mua bán, cho tặng xe máy, ô tô", CT, "none", 1,
     "Hợp đồng sang tên xe giữa hai người được chứng thực để đi làm thủ tục đăng ký xe.",
     ["Hợp đồng mua bán xe", "Giấy đăng ký xe (cà vẹt) bản gốc", _CC]),
    ("C2.0019", "Chứng thực bản di chúc do người còn sống lập", CT, "none", 2,
     "Người lập di chúc còn minh mẫn ký di chúc trước người thực hiện chứng thực.",
     ["Bản di chúc", "Giấy tờ về tài sản để lại", _CC]),
    ("C2.0020", "Chứng thực văn bản thỏa thuận chia tài sản thừa kế", CT, "none", 2,
     "Các con, người thừa kế cùng ký văn bản chia nhà đất, tiền của người đã mất.",
     ["Văn bản thỏa thuận chia di sản", "Trích lục khai tử của người để lại tài sản", "Giấy tờ chứng minh quan hệ thừa kế"]),
    ("C2.0021", "Chứng thực văn bản từ chối nhận di sản", CT, "none", 2,
     "Người thừa kế không muốn nhận phần tài sản của mình lập văn bản từ chối.",
     ["Văn bản từ chối nhận di sản", "Trích lục khai tử", _CC]),
    # --- Hộ kinh doanh ---
    ("C2.0022", "Mở hộ kinh doanh cá thể (tạp hóa, quán ăn, tiệm sửa xe)", KD, "full", 3,
     "Đăng ký để được cấp giấy chứng nhận đăng ký hộ kinh doanh trước khi mở cửa bán hàng.",
     ["Giấy đề nghị đăng ký hộ kinh doanh", "Biên bản họp thành viên hộ gia đình nếu cùng góp vốn", _CC]),
    ("C2.0023", "Đổi tên, đổi địa chỉ, thêm ngành nghề của hộ kinh doanh", KD, "full", 3,
     "Khi thay đổi tên cửa hàng, chuyển chỗ bán, đổi chủ hộ hoặc thêm mặt hàng kinh doanh.",
     ["Thông báo thay đổi", "Giấy chứng nhận đăng ký hộ kinh doanh đã cấp"]),
    ("C2.0024", "Báo tạm nghỉ kinh doanh hoặc mở lại sớm", KD, "full", 3,
     "Hộ kinh doanh nghỉ một thời gian (sửa quán, về quê) báo trước cho ủy ban và cơ quan thuế.",
     ["Thông báo tạm ngừng hoặc tiếp tục kinh doanh"]),
    ("C2.0025", "Đóng cửa hẳn hộ kinh doanh", KD, "full", 3,
     "Hộ kinh doanh thôi buôn bán, nộp lại giấy chứng nhận sau khi đã quyết toán thuế.",
     ["Thông báo chấm dứt", "Giấy chứng nhận đăng ký hộ kinh doanh bản gốc", "Xác nhận đã hoàn thành nghĩa vụ thuế"]),
    ("C2.0026", "Cấp lại giấy chứng nhận hộ kinh doanh bị mất, rách", KD, "full", 3,
     "Xin cấp bản mới khi giấy chứng nhận đăng ký hộ kinh doanh bị thất lạc, cháy, hư hỏng.",
     ["Giấy đề nghị cấp lại"]),
    ("C2.0027", "Cấp giấy phép bán lẻ rượu", KD, "partial", 10,
     "Cửa hàng tạp hóa, đại lý muốn bán rượu đóng chai cho người tiêu dùng.",
     ["Đơn đề nghị cấp giấy phép bán lẻ rượu", "Hợp đồng với nhà cung cấp rượu", "Giấy tờ về địa điểm bán hàng"]),
    ("C2.0028", "Cấp giấy phép bán lẻ thuốc lá", KD, "partial", 10,
     "Cửa hàng muốn bán lẻ thuốc lá điếu phải có giấy phép.",
     ["Đơn đề nghị cấp giấy phép bán lẻ sản phẩm thuốc lá", "Văn bản giới thiệu của đơn vị bán buôn"]),
    # --- Xây dựng ---
    ("C2.0029", "Xin phép xây nhà ở mới", XD, "partial", 15,
     "Hộ gia đình xây nhà trên đất của mình ở khu vực phải có giấy phép.",
     ["Đơn xin phép xây dựng", "Sổ đỏ hoặc giấy tờ về đất", "Hai bộ bản vẽ thiết kế"]),
    ("C2.0030", "Xin phép sửa chữa, nâng tầng, cải tạo nhà đang ở", XD, "partial", 15,
     "Sửa nhà có thay đổi kết cấu, nâng thêm tầng hoặc làm lại mặt tiền.",
     ["Đơn xin phép", "Ảnh chụp và bản vẽ hiện trạng nhà", "Bản vẽ phần sửa chữa"]),
    ("C2.0031", "Xin phép di dời nhà, công trình sang vị trí khác", XD, "none", 15,
     "Dời nguyên căn nhà hoặc công trình từ chỗ này sang chỗ khác trong khuôn viên đất.",
     ["Đơn xin phép di dời", "Bản vẽ vị trí mới", "Phương án di dời"]),
    ("C2.0032", "Gia hạn giấy phép xây nhà chưa khởi công", XD, "partial", 5,
     "Giấy phép sắp hết hiệu lực mà chưa khởi công thì xin kéo dài thêm 12 tháng.",
     ["Đơn xin gia hạn", "Giấy phép xây dựng bản gốc"]),
    ("C2.0033", "Cấp lại giấy phép xây dựng bị mất hoặc hư hỏng", XD, "partial", 5,
     "Xin bản mới của giấy phép xây dựng đã được cấp nhưng bị thất lạc, rách nát.",
     ["Đơn đề nghị cấp lại", "Bản giấy phép bị rách (nếu còn)"]),
    ("C2.0034", "Điều chỉnh giấy phép xây dựng khi đổi thiết kế", XD, "partial", 10,
     "Thay đổi số tầng, diện tích, công năng so với bản vẽ đã được cấp phép.",
     ["Đơn đề nghị điều chỉnh", "Bản vẽ thiết kế mới", "Giấy phép xây dựng đã cấp"]),
    ("C2.0035", "Giấy phép xây dựng có thời hạn ở khu vực đã có quy hoạch", XD, "partial", 15,
     "Đất nằm trong quy hoạch nhưng chưa thu hồi, được xây tạm và tự tháo dỡ khi nhà nước cần.",
     ["Đơn xin phép", "Cam kết tự tháo dỡ", "Giấy tờ về đất", "Bản vẽ"]),
    # --- Đất đai ---
    ("C2.0036", "Cấp sổ đỏ lần đầu cho thửa đất đang sử dụng", DD, "partial", 20,
     "Hộ gia đình ở ổn định lâu năm, đất chưa có giấy chứng nhận thì làm hồ sơ xin cấp lần đầu.",
     ["Đơn đăng ký cấp giấy chứng nhận", "Giấy tờ mua bán, cho tặng viết tay (nếu có)", "Xác nhận không tranh chấp"]),
    ("C2.0037", "Sang tên quyền sử dụng đất khi mua bán, tặng cho, thừa kế", DD, "partial", 10,
     "Người mua, người được cho hoặc người thừa kế làm hồ sơ đứng tên trên giấy chứng nhận.",
     ["Đơn đăng ký biến động", "Hợp đồng đã công chứng hoặc chứng thực", "Sổ đỏ bản gốc", "Tờ khai thuế, lệ phí trước bạ"]),
    ("C2.0038", "Đổi sổ đỏ cũ, sổ bị nhòe, rách sang mẫu mới", DD, "partial", 7,
     "Giấy chứng nhận cũ bị ố, rách, hoặc đo đạc lại diện tích thì đổi sang giấy mới.",
     ["Đơn đề nghị cấp đổi", "Giấy chứng nhận đang giữ"]),
    ("C2.0039", "Cấp lại sổ đỏ bị mất", DD, "partial", 10,
     "Làm lại giấy chứng nhận đã mất; phải niêm yết thông báo mất giấy tại ủy ban.",
     ["Đơn đề nghị cấp lại", "Giấy xác nhận đã niêm yết thông báo mất"]),
    ("C2.0040", "Tách thửa hoặc gộp thửa đất", DD, "partial", 15,
     "Chia một mảnh đất thành nhiều thửa để bán, cho con, hoặc gộp các thửa liền kề thành một.",
     ["Đơn đề nghị tách, hợp thửa", "Sổ đỏ bản gốc", "Bản vẽ đo đạc"]),
    ("C2.0041", "Chuyển đất vườn, đất nông nghiệp lên đất ở", DD, "partial", 15,
     "Xin chuyển mục đích sử dụng đất để được xây nhà; phải nộp tiền sử dụng đất.",
     ["Đơn xin chuyển mục đích sử dụng đất", "Sổ đỏ bản gốc"]),
    ("C2.0042", "Đính chính thông tin ghi sai trên sổ đỏ", DD, "partial", 10,
     "Sửa họ tên, số căn cước, diện tích bị ghi nhầm trên giấy chứng nhận đã cấp.",
     ["Đơn đề nghị đính chính", "Giấy chứng nhận có sai sót", "Giấy tờ chứng minh thông tin đúng"]),
    ("C2.0043", "Hòa giải khi hai nhà tranh chấp ranh giới đất", DD, "none", 30,
     "Ủy ban mời các bên ngồi lại hòa giải việc lấn ranh, tranh chấp đất trước khi ra tòa.",
     ["Đơn đề nghị hòa giải", "Giấy tờ về thửa đất của các bên"]),
    ("C2.0044", "Gia hạn thời hạn sử dụng đất nông nghiệp", DD, "partial", 7,
     "Đất trồng lúa, trồng cây hết thời hạn giao đất thì xin tiếp tục sử dụng.",
     ["Đơn đề nghị gia hạn", "Giấy chứng nhận bản gốc"]),
    # --- Bảo trợ xã hội ---
    ("C2.0045", "Hưởng tiền trợ cấp hằng tháng cho người già, người khuyết tật, trẻ mồ côi", BTXH, "partial", 12,
     "Người từ đủ 75 tuổi không có lương hưu, người khuyết tật nặng, trẻ không nơi nương tựa được nhận tiền hằng tháng.",
     ["Tờ khai đề nghị trợ cấp", "Giấy xác nhận khuyết tật (nếu có)"]),
    ("C2.0046", "Chuyển nơi nhận trợ cấp xã hội khi đổi chỗ ở", BTXH, "partial", 10,
     "Người đang nhận trợ cấp chuyển đến xã, phường khác thì được chuyển hồ sơ theo để tiếp tục nhận.",
     ["Đơn đề nghị chuyển nơi hưởng", "Quyết định hưởng trợ cấp đang có"]),
    ("C2.0047", "Hỗ trợ tiền lo hậu sự cho người đang nhận trợ cấp xã hội", BTXH, "partial", 5,
     "Gia đình lo tang cho người đang hưởng trợ cấp hằng tháng được hỗ trợ một khoản chi phí.",
     ["Tờ khai đề nghị hỗ trợ", "Trích lục khai tử"]),
    ("C2.0048", "Giám định và cấp giấy xác nhận mức độ khuyết tật", BTXH, "partial", 25,
     "Hội đồng ở xã đánh giá người khuyết tật nhẹ, nặng hay đặc biệt nặng để cấp giấy xác nhận lần đầu.",
     ["Đơn đề nghị", "Hồ sơ bệnh án, giấy ra viện (nếu có)"]),
    ("C2.0049", "Đổi hoặc cấp lại giấy xác nhận khuyết tật bị mất, hư", BTXH, "partial", 5,
     "Người đã có giấy xác nhận khuyết tật xin bản mới khi giấy cũ bị mất, rách hoặc trẻ đủ 6 tuổi phải đổi.",
     ["Đơn đề nghị đổi, cấp lại"]),
    ("C2.0050", "Xét duyệt hộ nghèo, hộ cận nghèo mới", BTXH, "none", 15,
     "Hộ gặp khó khăn giữa năm đề nghị được rà soát để vào danh sách hộ nghèo, cận nghèo.",
     ["Giấy đề nghị rà soát"]),
    ("C2.0051", "Công nhận hộ đã thoát nghèo, thoát cận nghèo", BTXH, "none", 15,
     "Hộ đã có thu nhập khá hơn tự đề nghị ra khỏi danh sách hộ nghèo.",
     ["Giấy đề nghị công nhận thoát nghèo"]),
    ("C2.0052", "Hỗ trợ khẩn cấp khi nhà bị sập, cháy, bão lũ", BTXH, "none", 3,
     "Hộ có nhà bị đổ, trôi, cháy do thiên tai, hỏa hoạn được hỗ trợ tiền làm lại nhà hoặc thuê chỗ ở.",
     ["Tờ khai đề nghị hỗ trợ khẩn cấp"]),
    ("C2.0053", "Đăng ký nhận chăm sóc thay thế trẻ em", BTXH, "none", 15,
     "Gia đình không phải người thân đăng ký nhận nuôi dưỡng, chăm sóc trẻ bị bỏ rơi, trẻ cần bảo vệ khẩn cấp.",
     ["Đơn đăng ký nhận chăm sóc thay thế", "Giấy khám sức khỏe", _CC]),
    # --- Người có công ---
    ("C2.0054", "Trợ cấp hằng tháng cho thương binh, bệnh binh", NCC, "none", 20,
     "Người bị thương trong chiến đấu, bảo vệ Tổ quốc đã giám định tỷ lệ thương tật nhận tiền hằng tháng.",
     ["Bản khai", "Biên bản giám định thương tật"]),
    ("C2.0055", "Trợ cấp mai táng khi người có công với cách mạng qua đời", NCC, "partial", 10,
     "Thân nhân lo tang cho cựu chiến binh, thương binh, người có công được nhận tiền mai táng.",
     ["Bản khai của thân nhân", "Trích lục khai tử"]),
    ("C2.0056", "Hỗ trợ thân nhân đi thăm mộ liệt sĩ", NCC, "none", 5,
     "Gia đình liệt sĩ đi viếng mộ ở tỉnh khác được cấp giấy giới thiệu và tiền đi lại.",
     ["Đơn đề nghị", _CC]),
    ("C2.0057", "Hỗ trợ đưa hài cốt liệt sĩ về quê", NCC, "none", 10,
     "Thân nhân muốn chuyển mộ liệt sĩ về nghĩa trang quê nhà được hỗ trợ chi phí cất bốc, vận chuyển.",
     ["Đơn đề nghị di chuyển hài cốt liệt sĩ", "Giấy báo tử liệt sĩ"]),
    ("C2.0058", "Trợ cấp cho người kháng chiến bị nhiễm chất độc hóa học", NCC, "none", 20,
     "Người từng hoạt động ở vùng bị rải chất độc da cam và bị bệnh, dị tật được hưởng trợ cấp.",
     ["Bản khai", "Giấy tờ chứng minh thời gian hoạt động kháng chiến", "Kết luận của hội đồng giám định y khoa"]),
    ("C2.0059", "Hỗ trợ người có công sửa hoặc xây lại nhà", NCC, "none", 20,
     "Gia đình chính sách có nhà dột nát được hỗ trợ tiền xây mới hoặc sửa chữa.",
     ["Đơn đề nghị hỗ trợ nhà ở", "Biên bản khảo sát hiện trạng nhà"]),
    # --- Tín ngưỡng, tôn giáo, văn hóa ---
    ("C2.0060", "Đăng ký hoạt động tín ngưỡng ở đình, đền, miếu", VH, "none", 15,
     "Ban quản lý cơ sở tín ngưỡng đăng ký các hoạt động cúng tế, giỗ trận diễn ra hằng năm.",
     ["Văn bản đăng ký", "Danh mục hoạt động trong năm"]),
    ("C2.0061", "Thông báo tổ chức lễ hội truyền thống", VH, "none", 5,
     "Làng, thôn tổ chức lễ hội đình, hội làng báo trước cho ủy ban nội dung và thời gian.",
     ["Văn bản thông báo", "Kế hoạch tổ chức lễ hội"]),
    ("C2.0062", "Đăng ký sinh hoạt tôn giáo tập trung", VH, "none", 20,
     "Nhóm tín đồ chưa có nơi thờ tự đăng ký sinh hoạt chung tại một địa điểm hợp pháp.",
     ["Văn bản đăng ký", "Danh sách người tham gia", "Giấy tờ về địa điểm sinh hoạt"]),
]

# Queries against SECOND_ROWS (mixed styles); the second item is the code of the one right guide.
HELD_OUT_5_SECOND: list[tuple[str, str]] = [
    # plain / voice
    ("ờ cho em hỏi bé nhà em mới sinh tuần trước thì làm giấy khai sinh ở đâu ạ", "1.001193"),  # (own wording)
    ("dạ bà em sinh năm 1950 mất hết giấy khai sinh rồi làm lại được không ạ", "C2.0002"),  # (own wording)
    ("chồng em người hàn quốc, con sinh ở việt nam thì khai sinh như nào ạ", "C2.0003"),  # (own wording)
    ("cho em hỏi là lấy chồng người đài loan thì đăng ký ở phường được không ạ", "C2.0005"),  # (own wording)
    ("dạ ông em mất thì nhà em phải báo cho phường trong mấy ngày ạ", "1.000656"),  # (own wording)
    ("ờ muốn sửa lại cái tên trên giấy khai sinh của con bị viết sai dấu thì sao ạ", "C2.0011"),  # (own wording)
    ("cho em hỏi hàng xóm lấn ranh đất nhà em thì ủy ban có hòa giải không ạ", "C2.0043"),  # (own wording)
    ("dạ nhà em bị cháy hết thì xã có hỗ trợ gì không ạ", "C2.0052"),  # (own wording)
    ("ờ làng em sắp mở hội đình thì phải báo phường như nào ạ", "C2.0061"),  # (own wording)
    ("cho em hỏi muốn bán rượu ở tiệm tạp hóa thì xin phép gì ạ", "C2.0027"),  # (own wording)
    # teencode / abbreviations
    ("xin giay doc than de vay nh can j ak", "1.004873"),  # https://www.ostar.com.vn/teencode
    ("mat gks, xin ban sao o dau dc k", "2.000635"),  # (own wording)
    ("sao y bang cap o ubnd phuong dc ko", "2.000815"),  # (own wording)
    ("ct chu ky giay cam ket o dau", "2.000884"),  # (own wording)
    ("mua xe may cu, ct hd mua ban xe o ubnd dc k", "C2.0018"),  # (own wording)
    ("mo hkd ban tap hoa can nhung j", "C2.0022"),  # (own wording)
    ("doi chu hkd sang ten vk thi lam ntn", "C2.0023"),  # https://baotreonline.com/doi-song/ban-co-biet/viet-tat-trong-tin-nhan-ky-6.baotre
    ("mat gcn hkd xin cap lai bn ngay", "C2.0026"),  # (own wording)
    ("gpxd mat r xin cap lai dc ko", "C2.0033"),  # (own wording)
    ("lam gcn qsdd lan dau cho dat ong ba de lai", "C2.0036"),  # (own wording)
    ("tach thua dat cho con lam ntn vs", "C2.0040"),  # http://chocolatenamavn.com/?page_id=4077
    ("so do ghi sai ten, dinh chinh o dau ak", "C2.0042"),  # https://afamily.vn/anh-tay-len-mang-tra-cuu-y-nghia-mot-loat-tu-tieng-viet-doc-tung-tu-ma-dan-tinh-cuoi-ngat-qua-nay-phai-hoi-may-em-tuoi-teen-20220101152133347.chn
    ("bo e la tb 61% thi nhan tro cap hang thang ntn", "C2.0054"),  # (own wording)
    # raw Telex
    ("ddawng kys giams hooj cho treer moof coii", "C2.0010"),  # https://biquyetxaynha.com/cach-danh-may-kieu-telex
    ("nhaanj con nuooi", "C2.0013"),  # https://biquyetxaynha.com/cach-danh-may-kieu-telex
    ("chuwngs thuwcj di chucs", "C2.0019"),  # (own wording)
    ("tuwf choois nhaanj di sanr", "C2.0021"),  # (own wording)
    ("xin pheps suwar nhaf naang taangf", "C2.0030"),  # (own wording)
    ("caaps ddooir soor ddor cux", "C2.0038"),  # (own wording)
    ("chuyeenr ddaats vuwowfn leen ddaats owr", "C2.0041"),  # (own wording)
    ("hooj ngheof mowis", "C2.0050"),  # (own wording)
    # raw VNI
    ("xa1c d9i5nh la5i da6n to65c cho con", "C2.0012"),  # https://indianatalkssports.com/2022/10/cach-go-tieng-viet-co-dau-kieu-vni-va-telex
    ("ghi chu1 ke6t1 ho6n o73 nu7o71c ngoa2i", "C2.0014"),  # (own wording)
    ("chia di sa3n thu7a2 ke61", "C2.0020"),  # (own wording)
    ("ta5m nghi3 kinh doanh", "C2.0024"),  # (own wording)
    ("ca61p la5i so63 d9o3 bi5 ma61t", "C2.0039"),  # (own wording)
    ("tro75 ca6p1 ngu7o72i gia2 75 tuo63i", "C2.0045"),  # (own wording)
    ("tha6m mo65 lie6t5 si4", "C2.0056"),  # (own wording)
    # words run together
    ("nhanchamsocthaythe treem", "C2.0053"),  # (own wording)
    ("dongcuahokinhdoanh", "C2.0025"),  # (own wording)
    ("giayphepbanlethuocla", "C2.0028"),  # (own wording)
    ("dichuyennha", "C2.0031"),  # (own wording)
    ("giahangiayphepxaydung", "C2.0032"),  # (own wording)
    ("thoatngheo", "C2.0051"),  # (own wording)
    ("chatdocdacam trocap", "C2.0058"),  # (own wording)
    ("sinhhoattongiaotaptrung", "C2.0062"),  # (own wording)
    # last word cut short
    ("dieu chinh giay phep xay dung khi doi thiet k", "C2.0034"),  # (own wording)
    ("giay phep xay dung co thoi h", "C2.0035"),  # (own wording)
    ("sang ten quyen su dung dat khi mua b", "C2.0037"),  # (own wording)
    ("gia han su dung dat nong ngh", "C2.0044"),  # (own wording)
    ("chuyen noi nhan tro cap xa h", "C2.0046"),  # (own wording)
    ("cap lai giay xac nhan khuyet t", "C2.0049"),  # (own wording)
    ("dang ky hoat dong tin ngu", "C2.0060"),  # (own wording)
    # English
    ("birth certificate for newborn", "1.001193"),  # (own wording)
    ("marriage registration", "1.000894"),  # (own wording)
    ("marry a foreigner", "C2.0005"),  # (own wording)
    ("paternity acknowledgement DNA", "C2.0009"),  # (own wording)
    ("notarize house sale contract", "C2.0017"),  # (own wording)
    ("build a new house permit", "C2.0029"),  # (own wording)
    ("disability assessment certificate", "C2.0048"),  # (own wording)
    ("funeral allowance for social welfare recipient", "C2.0047"),  # (own wording)
    ("funeral benefit for war veteran", "C2.0055"),  # (own wording)
    ("move martyr's remains home", "C2.0057"),  # (own wording)
    ("housing support for war veterans' families", "C2.0059"),  # (own wording)
]
