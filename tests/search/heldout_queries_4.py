"""Held-out query set no. 4 for the ward-portal procedure search.

Written by a helper session on 2026-12-01 without seeing the search engine's code, its tests' query
lists or any earlier held-out set. The only project file read was the catalogue part of
tests/search/corpus.py (the `_ROWS` list: 50 procedures, their codes, titles, summaries and documents).

How: real questions residents ask were looked up with a web-page search (stored copies of public
pages) in Vietnamese: newspapers' reader-question columns (dantri "bạn đọc", plo "tôi muốn hỏi",
laodong, thanhnien, cand, baovinhlong, baokhanhhoa, kinhtedothi, qdnd, tienphong ...), government
Q&A and procedure pages (molisa, moj, dichvucong, ward/commune/district portals, provincial Sở Tư pháp
pages), legal Q&A sites and one forum thread (webtretho). Pages listed in
notes/used_urls_all.txt (used by earlier writers) were not used again. Each query is written in my
own words as a resident would type it on a phone: mostly lowercase without diacritics, about a
quarter with proper diacritics, some with commas, a few small typos. Each query has exactly one
right guide among the 50; the trailing comment names the page that inspired it, or says
"(own wording)" where none was found.

Status (2026-12-01): the current held-out set. Committed (f2cff16) before it was first run, never read
while tuning. First run: sentences 111 of 120 first (92.5 %), 119 of 120 in the top three (99.2 %);
short 48 of 52 first (92.3 %), 52 of 52 in the top three.
"""

HELD_OUT_4_SENTENCES: list[tuple[str, str]] = [
    # --- Hộ tịch: khai sinh ---
    ("con toi sinh duoc 3 thang roi chua di khai sinh, qua han 60 ngay co bi phat khong va lam o dau", "1.001193"),  # cand.com.vn/Ban-doc-cand/dang-ky-khai-sinh-qua-han-bi-xu-phat-nhu-the-nao-365319/
    ("bo me di lam xa, ong ba noi co di khai sinh cho chau duoc khong, co can giay uy quyen khong", "1.001193"),  # nhipsonghomnay.vn/phap-luat/hoi-dap/ong-ba-co-duoc-di-dang-ky-khai-sinh-cho-chau-khong.html
    ("Đi làm giấy khai sinh cho bé ở phường cần mang theo những giấy tờ gì?", "1.001193"),  # sotuphap.haugiang.gov.vn/vi/xem-chi-tiet-tin_new/-/tin-tuc/Chuyen-e-ang-ky-khai-sinh37007
    ("khai sinh cho con o noi tam tru cua hai vo chong duoc khong hay bat buoc ve que", "1.001193"),  # luatkhaiphong.com/2015/08/thu-tuc-lam-giay-khai-sinh-qua-han.html
    ("toi sinh nam 1960, giay khai sinh goc mat tu lau, xa noi dang ky cung bao so khai sinh bi chay het, gio lam lai the nao", "1.004746"),  # hieuluat.vn/hoi-dap-phap-luat/mat-giay-khai-sinh-xin-cap-lai-o-dau-559-43669-article.html
    ("Mẹ tôi đã ngoài 70, cả bản chính khai sinh lẫn sổ hộ tịch ở xã đều không còn, có đăng ký lại khai sinh được không?", "1.004746"),  # vietluatlaw.com/quy-dinh-ve-thu-tuc-dang-ky-khai-sinh-lai/
    ("nha o ban xa tren nui, can bo tu phap xa co den tan nha lam khai sinh cho chau be khong", "1.004772"),  # (own wording)
    ("vo chong chua dang ky ket hon ma da sinh con, lam giay khai sinh sao cho con mang ho bo va co ten bo luon", "1.001022"),  # luathasonbinh.vn/dang-ky-khai-sinh-cho-con-khi-chua-thuc-hien-thu-tuc-dang-ky-ket-hon/
    ("khai sinh cho con ngoai gia thu dong thoi lam nhan cha cho chau trong mot lan duoc khong", "1.001022"),  # lsx.vn/dang-ky-khai-sinh-khong-co-giay-ket-hon-theo-quy-dinh-chi-tiet/
    ("lam the nao de chi nop mot bo ho so ma duoc ca giay khai sinh, nhap khau va the bao hiem y te cho be", "1.003583"),  # thanhnien.vn/dang-ky-thuong-tru-cho-tre-moi-sinh-nhu-the-nao-185250909092838193.htm
    ("Vừa sinh con, làm khai sinh, thường trú và thẻ BHYT cho bé cùng lúc trên VNeID thế nào?", "1.003583"),  # scdpmonline.org/thu-tuc-hanh-chinh-lien-thong-ve-dang-ky-khai-sinh-thuong-tru-cap-the-bhyt-cho-tre-duoi-6-tuoi/
    # --- Hộ tịch: kết hôn ---
    ("hai dua o hai tinh khac nhau thi dang ky ket hon o xa nao, can mang nhung giay to gi", "1.000894"),  # accdanang.vn/lam-giay-ket-hon-o-dau
    ("nam du 20 nu du 18 tuoi roi thi dang ky ket hon o uy ban xa lam nhanh trong ngay khong", "1.000894"),  # lttlawyers.com/thu-tuc-dang-ky-ket-hon/
    ("vo chong toi cuoi tu nam 1995, giay ket hon bi lu cuon mat, ra xa hoi thi so luu cung khong con, phai lam sao", "1.004837"),  # thuvienphapluat.vn/phap-luat/bi-mat-giay-dang-ky-ket-hon-thi-xin-cap-lai-o-dau-viec-cap-lai-giay-dang-ky-ket-hon-co-anh-huong-gi-63.html
    ("ban gai toi bi liet nam mot cho khong den uy ban duoc, xin can bo xuong tan nha dang ky ket hon duoc khong", "1.004862"),  # baove.congly.vn/nguoi-khuyet-tat-co-duoc-ket-hon-khong-31519.html ; moj.gov.vn/thutuchanhchinh/Pages/chi-tiet-tthc.aspx?ItemID=1202
    # --- Hộ tịch: khai tử ---
    ("bo toi mat tai nha, khong nam vien nen khong co giay bao tu thi di khai tu bang giay gi", "1.000656"),  # tienphong.vn/quy-dinh-ve-cap-giay-bao-tu-va-thu-tuc-dang-ky-khai-tu-post966253.tpo
    ("ong co noi mat tu lau ma chua khai tu, nay van phong cong chung doi giay chung tu de chia dat thi con chau lam the nao", "1.000656"),  # saovietlaw.com/thu-tuc-hanh-chinh-1/dang-ky-khai-tu-cho-nguoi-mat-da-lau-ma-khong-co-giay-bao-tu-
    ("Người thân mất ở tỉnh khác đã hơn 2 năm mà chưa khai tử, giờ đi khai tử muộn có được không?", "1.000656"),  # baovinhlong.com.vn/phap-luat/tu-van/202312/dang-ky-khai-tu-cho-nguoi-chet-da-lau-phai-lam-sao-3178513
    ("nguoi chet da lau khong con bia mo, khong co nguoi lam chung thi khai tu qua han can giay to gi", "1.000656"),  # tuyetnhunglaw.vn/dang-ky-khai-tu-cho-nguoi-chet-tu-rat-lau-va-khong-co-giay-to
    ("me toi mat nam 2005 da khai tu roi, nay giay chung tu that lac ma xa cung khong con luu so, lam lai the nao", "1.005461"),  # luatnamson.com/thu-tuc-mau-to-khai-dang-ky-lai-khai-tu-moi-nhat/
    # --- Hộ tịch: tình trạng hôn nhân, trích lục ---
    ("xin giay xac nhan doc than o dau de lam ho so vay ngan hang mua nha", "1.004873"),  # luattoanquoc.vn/giay-xac-nhan-tinh-trang-hon-nhan-duoc-dung-trong-bao-lau
    ("giay xac nhan tinh trang hon nhan co gia tri bao lau, qua 6 thang co phai xin lai khong", "1.004873"),  # luattoanquoc.vn/giay-xac-nhan-tinh-trang-hon-nhan-duoc-dung-trong-bao-lau
    ("toi thuong tru o ha noi nhung muon dang ky ket hon o que vo thi phai xin giay xac nhan tinh trang hon nhan o dau", "1.004873"),  # luatminhkhue.vn/xin-giay-xac-nhan-tinh-trang-hon-nhan-khi-cu-tru-o-nhieu-noi.aspx
    ("mat giay khai sinh ban goc nhung so o xa van con, xin ban sao trich luc khai sinh o dau", "2.000635"),  # lplaw.vn/mat-giay-khai-sinh-ban-goc-thi-phai-lam-sao/
    ("Cần bản sao trích lục kết hôn để nộp hồ sơ ly hôn vì chồng giữ giấy gốc không đưa", "2.000635"),  # lsx.vn/thu-tuc-cap-ban-sao-trich-luc-ket-hon-tai-ha-noi/
    ("giay ket hon ban chinh bi rach nat, uy ban van con so goc, xin cap ban sao de lam so do", "2.000635"),  # vietluatlaw.com/cap-trich-luc-ket-hon/
    # --- Hộ tịch: cha mẹ con, giám hộ, cải chính, ly hôn, con nuôi, biên giới ---
    ("con toi nay 7 tuoi, khai sinh de trong phan ten cha, gio bo chau muon lam thu tuc nhan con thi co can xet nghiem adn khong", "1.001695"),  # xetnghiemadnchacon.com/thu-tuc-nhan-cha-me-con
    ("toi da 30 tuoi moi tim duoc bo ruot, muon lam thu tuc nhan cha tai uy ban xa", "1.001695"),  # dichvucong.tayninh.gov.vn/ThuTuc/ChiTietThuTuc?ThuTucID=15553
    ("bo me chau deu mat ca roi, toi la bac ruot dang nuoi chau 10 tuoi, muon dang ky lam nguoi giam ho cho chau thi can giay to gi", "1.004884"),  # luatsudichuc.com/huong-dan-thu-tuc-dang-ky-giam-ho-duong-nhien-cho-nguoi-chua-thanh-nien
    ("Đăng ký giám hộ cho em trai bị tâm thần, mất năng lực hành vi dân sự", "1.004884"),  # xtlaw.com.vn/thu-tuc-dang-ky-giam-ho.html
    ("chau toi nay da du 18 tuoi, toi muon lam thu tuc cham dut viec giam ho da dang ky truoc day", "1.004845"),  # quan1.hochiminhcity.gov.vn/THU-TUC-HANH-CHINH/Tu-phap/Ho-tich/ctl/Detail/mid/27755&ArticleID=ARTICLE20120110
    ("ngay sinh tren giay khai sinh khac voi can cuoc, muon sua giay khai sinh cho khop thi lam o dau", "1.004859"),  # luatsu247.net/chung-minh-nhan-dan-va-giay-khai-sinh-khong-khop-phai-lam-sao
    ("con gai toi bi ban be treu vi ten xau, muon doi ten trong giay khai sinh cho chau duoc khong", "1.004859"),  # luatminhkhue.vn/dieu-kien-doi-ten-cho-con-duoi-14-tuoi-thuc-hien-nhu-the-nao--.aspx
    ("Giấy khai sinh ghi sai dân tộc của tôi, muốn cải chính lại thì nộp tờ khai ở đâu?", "1.004859"),  # lsx.vn/to-khai-cai-chinh-ho-tich/
    ("toi da ly hon o my, nay ve viet nam dang ky ket hon voi nguoi khac thi phai ghi chu ly hon truoc dung khong", "1.000689"),  # baolanhditru.com/service/ghi-chu-ly-hon/
    ("vo chong hiem muon muon nhan chau ruot ben ngoai lam con nuoi, ho so nop o uy ban xa nao", "1.003005"),  # luatnguyenphat.vn/?p=7100
    ("Cha dượng muốn nhận con riêng của vợ làm con nuôi thì làm thủ tục gì ở xã?", "1.003005"),  # chiemhoa.gov.vn/thu-tuc-hanh-chinh/thu-tuc-cap-xa/hanh-chinh-tu-phap!/chi-tiet-thu-tuc-291.html
    ("vo toi la nguoi lao, hai vo chong song o xa giap bien gioi, gio lam khai sinh cho con o dau", "1.004227"),  # dulieuphaply.vn/plvn-1/2-dang-ky-ho-tich-tai-cap-xa/9-dang-ky-khai-sinh-co-yeu-to-nuoc-ngoai-tai-khu-vuc-bien-gioi
    # --- Chứng thực ---
    ("photo cong chung can cuoc va hoc ba o uy ban phuong het bao nhieu tien mot trang", "2.000815"),  # congchung2tphcm.com.vn/chung-thuc-ban-sao-2/
    ("Sao y bản chính bằng tốt nghiệp ở phường được không hay phải ra phòng công chứng?", "2.000815"),  # luatsutran.vn/bang-gia-sao-y-chung-thuc
    ("lam giay uy quyen cho con nhan luong huu ho, ra ubnd xa chung thuc chu ky duoc khong", "2.000884"),  # (own wording)
    ("ba toi khong biet chu, muon chung thuc giay to bang cach diem chi o xa thi lam sao", "2.000884"),  # huyennampo.dienbien.gov.vn (Thủ tục chứng thực chữ ký ... chứng thực điểm chỉ)
    ("toi tot nghiep cu nhan tieng anh, tu dich bang dai hoc roi mang ra phuong chung thuc chu ky nguoi dich duoc khong", "2.000908"),  # dichthuataha.com/thu-tuc-dong-dau-ban-dich-tu-phap-ban-co-the-tu-lam-neu-ban-co-bang-cu-nhan-ngoai-ngu
    ("Chứng thực chữ ký người dịch trên bản dịch học bạ sang tiếng Hàn để đi du học", "2.000908"),  # dichthuat.org/dich-va-cong-chung-bang-tot-nghiep-trong-ngay-tai-tphcm
    ("mua dat o que, hai ben ra uy ban xa chung thuc hop dong chuyen nhuong thay cho van phong cong chung duoc khong", "2.001035"),  # luat24h.com.vn/thu-tuc-chung-thuc-hop-dong-chuyen-nhuong-quyen-su-dung-dat-tai-ubnd-xa
    ("Chứng thực hợp đồng mua bán xe máy cũ ở ủy ban phường cần những giấy tờ gì?", "2.001035"),  # (own wording)
    ("hop dong the chap so do vay tien co chung thuc o uy ban xa noi co dat duoc khong", "2.001035"),  # trangtinphapluat.com/blog/bai-viet-hay/tu-phap/ubnd-cap-xa-co-duoc-chung-thuc-hop-dong-lien-quan-den-bat-dong-san/
    ("ba noi toi gia yeu muon lap di chuc de lai nha cho chau, co the nho uy ban xa chung thuc di chuc tai nha khong", "2.001016"),  # giaiphaptaichinh.net/lap-di-chuc-tai-nha-duoc-khong
    ("Di chúc viết tay của ông có cần mang ra xã chứng thực thì mới có giá trị không", "2.001016"),  # phong-partners.com/hoi-dap/cong-chung-chung-thuc/ong-ba-mat-de-lai-di-chuc-khong-cong-chung-chung-thuc-va-khong-co-nguoi-lam-chung-thi-di-chuc-do-co-gia-tri-phap-ly-khong-1138.html
    ("bo me mat khong de lai di chuc, 4 anh em da thong nhat chia manh dat, lam van ban thoa thuan phan chia di san chung thuc o dau", "2.001019"),  # vuanhlaw.com.vn/thu-tuc-cong-chung-chung-thuc-thoa-thuan-phan-chia-di-san-thua-ke
    ("ca nha ky giay viet tay chia tai san cua ba me, nhu vay co gia tri khong hay phai chung thuc van ban phan chia di san", "2.001019"),  # hoidap.tayninh.gov.vn/ChiTietHoiDapTT.aspx?id=8186
    ("hop dong tang cho da chung thuc o xa nhung bi danh may sai so thua, muon sua lai thi lam gi", "2.000927"),  # dichvucong.danang.gov.vn (thủ tục 2.000927 sửa lỗi sai sót hợp đồng đã chứng thực)
    # --- Cư trú ---
    ("moi cuoi xong, muon nhap ho khau ve nha chong o tinh khac thi can nhung giay to gi", "1.004194"),  # luatduonggia.vn/thu-tuc-tach-chuyen-ho-khau-tu-nha-me-de-sang-nha-chong
    ("Mua căn hộ chung cư xong muốn đăng ký thường trú ở đó thì làm thế nào?", "1.004194"),  # (own wording)
    ("di thue tro o thanh pho hon mot thang thi ai phai dang ky tam tru, chu nha hay nguoi thue", "1.004222"),  # khdlaw.vn/chu-nha-tro-nguoi-thue-tro-ai-phai-dang-ky-tam-tru/ ; cafeland.vn/kien-thuc/nguoi-o-nha-thue-phai-co-trach-nhiem-dang-ky-tam-tru-neu-vi-pham-bi-phat-den-1-trieu-dong-139480.html
    ("em o tro co 3 thang thoi thi co phai dang ki tam tru khong", "1.004222"),  # dembuon.vn/posts/1217633
    ("tam tru cua toi sap het han 2 nam, gia han truoc bao nhieu ngay va nop o dau", "1.004228"),  # (own wording)
    ("Tạm trú còn 10 ngày nữa là hết hạn, gia hạn online được không?", "1.004228"),  # (own wording)
    ("bo toi vua mat, da lam khai tu xong, gio co phai cat khau cho bo khong, khong cat co bi phat", "1.004206"),  # luatsux.vn/nguoi-chet-khong-cat-ho-khau-co-bi-phat-khong
    ("Cả nhà đã sang Úc định cư, có cần xóa đăng ký thường trú ở Việt Nam không?", "1.004206"),  # tongdaiphapluat.vn/cat-khau-cho-nguoi-da-mat/
    ("di xuat khau lao dong nhat 3 nam co phai khai bao tam vang voi cong an xa khong", "1.004197"),  # luatvietnam.net/vn/cac-truong-hop-phai-khai-bao-tam-vang-tu-2022-gdpl41022.xhtml
    ("thanh nien trong do tuoi nghia vu quan su di lam an xa tren 3 thang co phai khai bao tam vang", "1.004197"),  # giadinh.suckhoedoisong.vn/nhung-quy-dinh-ve-tam-vang-moi-nhat-2025-can-biet-172251212155900598.htm
    ("chu ho mat roi, ca nha muon doi chu ho sang ten me toi thi lam thu tuc gi", "1.004236"),  # luatvietnam.vn/hanh-chinh/thu-tuc-thay-doi-chu-ho-khi-chu-ho-chet-mat-tich-570-26907-article.html
    ("Trên dữ liệu cư trú ghi sai quan hệ với chủ hộ, con ghi thành cháu, sửa ở đâu?", "1.004236"),  # (own wording)
    # --- Hộ kinh doanh ---
    ("mo quan ca phe nho truoc nha co bat buoc dang ky ho kinh doanh khong, dang ky o dau", "2.000720"),  # tinlaw.vn/xu-phat-khong-co-giay-phep-kinh-doanh/
    ("ban hang online tai nha lau dai thi co phai lam giay phep kinh doanh ho ca the khong", "2.000720"),  # maytinhtienfpos.com/ban-hang-online-co-can-dang-ky-kinh-doanh-khong
    ("chuyen quan an sang dia chi moi thi giay chung nhan ho kinh doanh phai lam thu tuc thay doi gi", "2.000575"),  # ketoananpha.vn/thu-tuc-thay-doi-noi-dung-dang-ky-ho-kinh-doanh-ca-the-moi-nhat.html
    ("Hộ kinh doanh muốn bổ sung thêm ngành bán đồ ăn sáng thì nộp hồ sơ gì?", "2.000575"),  # ketoananpha.vn/thu-tuc-thay-doi-noi-dung-dang-ky-ho-kinh-doanh-ca-the-moi-nhat.html
    ("ho kinh doanh nghi ban 3 thang de sua nha thi co phai thong bao tam ngung khong, bao truoc may ngay", "2.000588"),  # vuanhlaw.com.vn/faqs/xu-ly-vi-pham-ho-kinh-doanh-tam-ngung-kinh-doanh.html ; vinasctax.vn/dang-ky-ho-kinh-doanh-tt-5-11380.html
    ("khong buon ban nua muon dong giay phep ho kinh doanh, neu khong bao thi co bi phat khong", "2.000595"),  # webtretho.com/f/cong-dong-hieu-luat/lam-mat-giay-dang-ki-kinh-doanh-ho-kinh-doanh-co-bi-phat-2879646
    ("Chấm dứt hộ kinh doanh có phải nộp lại bản gốc giấy chứng nhận đăng ký không?", "2.000595"),  # tintuc.thuvienphapluat.com/ho-tro-phap-luat/tu-van-phap-luat/41952/muc-phat-voi-ho-kinh-doanh-cham-dut-hoat-dong-khong-thong-bao
    # --- Xây dựng ---
    ("xay nha 3 tang tren dat o trong phuong can xin giay phep xay dung, ho so gom ban ve gi", "1.009994"),  # khogiare.com/showthread.php/433854-Giay-phep-thi-cong-xay-dung-nha-pho-biet-thu.html
    ("nha cu xuong cap muon dap tuong chiu luc, lam lai mat tien thi co phai xin phep sua chua cai tao khong", "1.009995"),  # xinphepxaydung.org/sua-chua-va-cai-tao-lai-nha-o-co-can-xin-giay-phep-xay-dung-khong/amp/ ; nhahue.vn/more/sua-nha-co-can-xin-giay-phep-khong.html
    ("Cải tạo nhà ở riêng lẻ làm thay đổi kết cấu thì xin giấy phép ở đâu?", "1.009995"),  # sunshinecaf.com/thu-tuc-xin-cap-phep-cai-tao-nha-o/
    ("duoc cap giay phep xay dung hon mot nam roi ma chua khoi cong, sap het han thi xin gia han the nao", "1.009998"),  # (own wording)
    # --- Đất đai ---
    ("nha toi o tren manh dat khai hoang tu nam 1989, den gio van chua co so do, muon lam so lan dau thi bat dau tu dau", "1.012790"),  # luatnhadat.net/hoidap/savefile/Cap-giay-chung-nhan/Cap-chu-quyen-nha-dat-tu-khai-hoang-1151/
    ("Hồ sơ cấp sổ đỏ lần đầu cho đất đang sử dụng ổn định gồm những gì?", "1.012790"),  # tuyetnhunglaw.vn/ho-so-cap-giay-chung-nhan-quyen-su-dung-dat-lan-dau-gom-nhung-gi
    ("mua dat da cong chung hop dong roi, gio sang ten so do nop ho so o dau, mat bao lau", "1.012791"),  # m.mucwomen.com/sang-ten-so-do.html
    ("bo me cho con manh dat, lam thu tuc sang ten so do cho con thi nop o dau", "1.012791"),  # thutucphapluat.com/bai-viet/4873
    ("bo me mat, cac con da khai nhan thua ke xong, gio dang ky sang ten so do cho nguoi thua ke", "1.012791"),  # luatquanghuy.vn/thu-tuc-sang-ten-so-do-tu-bo-me-da-mat-sang-con/
    ("hang xom xay hang rao lan sang dat nha toi gan 1 met, gui don hoa giai o uy ban phuong duoc khong", "1.003554"),  # luatsu11.vn/lam-gi-khi-bi-hang-xom-lan-chiem-ranh-gioi-dat/
    ("Tranh chấp ranh giới đất với nhà bên cạnh có bắt buộc hòa giải ở xã trước khi kiện ra tòa không?", "1.003554"),  # luatduonggia.vn/tranh-chap-ranh-gioi-dat-voi-nha-hang-xom-giai-quyet-the-nao
    ("hang xom xay nha nham tren dat nha minh, phuong moi hai ben len hoa giai thi chuan bi gi", "1.003554"),  # vietbao.vn/vu-xay-nha-nham-tren-dat-nguoi-khac-o-tphcm-phuong-moi-hai-ben-lam-viec-562133.html
    # --- Bảo trợ xã hội ---
    ("me toi 80 tuoi khong co luong huu, lam ho so xin tro cap xa hoi hang thang o dau", "1.001776"),  # laodong.vn/tu-van-phap-luat/dieu-kien-huong-tro-cap-xa-hoi-hang-thang-cua-nguoi-cao-tuoi-565279.ldo
    ("con toi da co giay xac nhan khuyet tat nang, gio xin tro cap hang thang cho chau thi lam to khai gi", "1.001776"),  # trungtamphuchoichucnang.com/y-hoc/huong-dan-lam-thu-tuc-cap-giay-xac-nhan-khuyet-tat-va-ho-tro-kinh-phi-cham-soc.html
    ("Bà ngoại đang nhận trợ cấp xã hội hàng tháng vừa mất, gia đình xin hỗ trợ chi phí mai táng ở đâu?", "1.001758"),  # (own wording)
    ("me toi 86 tuoi dang huong tro cap xa hoi vua mat, co duoc ho tro tien mai tang khong, lien he ai", "1.001758"),  # luatbaohiemxahoi.com/hoi-dap/ho-tro-mai-tang-phi-voi-doi-tuong-duoc-huong-bao-tro-xa-hoi.nd5-dt.45.009.html
    ("con toi 10 tuoi bi bai nao, muon lam giay xac nhan muc do khuyet tat thi nop don o dau", "1.004946"),  # kinhtedothi.vn/xac-nhan-muc-do-khuyet-tat.html
    ("con gai bi gu veo cot song bam sinh, da co ket luan giam dinh y khoa, xin cap giay xac nhan khuyet tat duoc khong", "1.004946"),  # phuninh.phutho.gov.vn/vi-vn/chi-tiet-hoi-dap/id/dieu-kien-xac-nhan-nguoi-khuyet-tat-250
    ("nha toi chong bi tai nan mat suc lao dong giua nam, xin xet bo sung vao ho can ngheo duoc khong", "1.005448"),  # thutuchanhchinhcamlam.blogspot.com/2018/04/cong-nhan-ho-ngheo-ho-can-ngheo-phat.html
    ("Giấy đề nghị xét duyệt bổ sung hộ nghèo nộp cho ai, bao lâu có kết quả?", "1.005448"),  # ubndphuong3bt.com/thu-tuc-cong-nhan-ho-ngheo-ho-can-ngheo-phat-sinh-trong-nam/
    # --- Người có công ---
    ("bo toi tung duoc cu sang lam chuyen gia o lao, giay to mat het chi con ly lich dang vien, co duoc tro cap mot lan khong", "1.010801"),  # molisa.gov.vn/Pages/TinTuc/Printpage.aspx?tintucID=29324
    ("lam chuyen gia giup campuchia 10 thang co du dieu kien huong tro cap mot lan khong", "1.010801"),  # luatannam.vn/chinh-sach/tro-cap-mot-lan-doi-voi-nguoi-duoc-cu-lam-chuyen-gia-giup-nuoc-ban-lao
    ("ong noi co huan chuong khang chien vua mat, gia dinh lam ho so huong mai tang phi nguoi co cong o dau", "1.010815"),  # luatannam.vn/chinh-sach/thu-tuc-huong-mai-tang-phi-cho-nguoi-co-huan-huy-chuong-khang-chien
    ("Bà nội là người có công giúp đỡ cách mạng vừa mất thì con cháu có được nhận mai táng phí không?", "1.010815"),  # baokhanhhoa.vn/Doithoai-Diendan/200908/giai-quyet-che-do-khi-nguoi-co-cong-giup-do-cach-mang-chet-1804010/
    ("me viet nam anh hung tu tran thi nguoi lo tang le duoc nhan tro cap mai tang bao nhieu", "1.010815"),  # m.baophapluat.vn/me-viet-nam-anh-hung-tu-tran-tang-le-duoc-to-chuc-the-nao-post285917.html
    ("gia dinh liet si muon di tham mo o nghia trang truong son, xin giay gioi thieu va tien ho tro di lai o dau", "1.010819"),  # dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=148820
    ("than nhan liet si di tham vieng mo duoc ho tro may nguoi, moi nam may lan", "1.010819"),  # timnguoithatlac.vn/vn/Van-ban-Huong-dan/Cap-giay-gioi-thieu-di-tham-vieng-mo-liet-sy.html
    ("thuong binh ty le ton thuong 41% thi lam ho so huong tro cap hang thang o dau", "1.010823"),  # realsv.qdnd.vn/phap-luat/luat-su-cua-ban/muc-tro-cap-hang-thang-voi-thuong-binh-thay-doi-nhu-the-nao-548764
    ("Thương binh bị tổn thương cơ thể 81% có được hưởng thêm phụ cấp hằng tháng không?", "1.010823"),  # dantri.com.vn/noi-vu/muc-tro-cap-thuong-binh-nam-2026-20251230183050805.htm
    # --- short sentences (6-10 words), typed straight into the search box ---
    ("khai sinh cho con qua han co bi phat khong", "1.001193"),  # cand.com.vn/Ban-doc-cand/dang-ky-khai-sinh-qua-han-bi-xu-phat-nhu-the-nao-365319/
    ("mat ca giay khai sinh va so goc, lam lai sao", "1.004746"),  # hieuluat.vn/hoi-dap-phap-luat/mat-giay-khai-sinh-xin-cap-lai-o-dau-559-43669-article.html
    ("Đăng ký kết hôn cần mang giấy tờ gì?", "1.000894"),  # accdanang.vn/lam-giay-ket-hon-o-dau
    ("xin xac nhan tinh trang hon nhan de ban nha", "1.004873"),  # (own wording)
    ("ông mất ở nhà thì khai tử thế nào", "1.000656"),  # tienphong.vn/quy-dinh-ve-cap-giay-bao-tu-va-thu-tuc-dang-ky-khai-tu-post966253.tpo
    ("nhan con rieng cua chong lam con nuoi", "1.003005"),  # (own wording)
    ("chung thuc giay uy quyen o phuong duoc khong", "2.000884"),  # (own wording)
    ("chung thuc chu ky nguoi dich o dau", "2.000908"),  # (own wording)
    ("thue tro bao lau thi phai dang ky tam tru", "1.004222"),  # phunuphapluat.nguoiduatin.vn/print-601072.html
    ("di lam xa 1 nam co can bao tam vang", "1.004197"),  # (own wording)
    ("ban tap hoa co can dang ky kinh doanh khong", "2.000720"),  # (own wording)
    ("ho kinh doanh tam nghi ban 2 thang", "2.000588"),  # (own wording)
    ("sua nha co can xin giay phep khong", "1.009995"),  # nhahue.vn/more/sua-nha-co-can-xin-giay-phep-khong.html
    ("làm sổ đỏ lần đầu cần giấy tờ gì", "1.012790"),  # (own wording)
    ("mua đất rồi sang tên sổ đỏ ở đâu", "1.012791"),  # (own wording)
    ("hàng xóm lấn đất làm đơn hòa giải", "1.003554"),  # luatsu11.vn/khi-hang-xom-lan-ranh-dat-phap-luat-bao-ve-ban-the-nao-2/
    ("nguoi khuyet tat nang xin tro cap hang thang", "1.001776"),  # (own wording)
    ("xin xac nhan muc do khuyet tat cho con", "1.004946"),  # kinhtedothi.vn/xac-nhan-muc-do-khuyet-tat.html
    ("ho tro tien di tham mo liet si", "1.010819"),  # motcua.dienban.gov.vn/Default.aspx?tabid=63&ctl=detail&mid=402&ItemId=172
    ("tro cap mot lan chuyen gia sang giup lao", "1.010801"),  # (own wording)
]

HELD_OUT_4_SHORT: list[tuple[str, str]] = [
    ("khai sinh", "1.001193"),  # (own wording)
    ("lam giay khai sihn", "1.001193"),  # (own wording; typo on purpose)
    ("dang ky lai khai sinh", "1.004746"),  # vietluatlaw.com/quy-dinh-ve-thu-tuc-dang-ky-khai-sinh-lai/
    ("khai sinh luu dong", "1.004772"),  # (own wording)
    ("khai sinh kem nhan cha", "1.001022"),  # luathasonbinh.vn/dang-ky-khai-sinh-cho-con-khi-chua-thuc-hien-thu-tuc-dang-ky-ket-hon/
    ("khai sinh nhap khau bhyt", "1.003583"),  # (own wording)
    ("đăng ký kết hôn", "1.000894"),  # (own wording)
    ("dang ky lai ket hon", "1.004837"),  # (own wording)
    ("ket hon luu dong", "1.004862"),  # tthc.thuathienhue.gov.vn/Content/Thutuc/chitiet.aspx?iThuTuc=4708
    ("khai tử", "1.000656"),  # (own wording)
    ("dang ky lai khai tu", "1.005461"),  # dichvucong.yenbai.gov.vn/block/phieu-huong-dan/thu-tuc/30391
    ("giay xac nhan doc than", "1.004873"),  # luatminhkhue.vn/xin-giay-xac-nhan-tinh-trang-hon-nhan-khi-cu-tru-o-nhieu-noi.aspx
    ("trich luc khai sinh", "2.000635"),  # lplaw.vn/mat-giay-khai-sinh-ban-goc-thi-phai-lam-sao/
    ("nhận cha con", "1.001695"),  # (own wording)
    ("Đăng ký giám hộ", "1.004884"),  # (own wording)
    ("cham dut giam ho", "1.004845"),  # (own wording)
    ("cải chính hộ tịch", "1.004859"),  # (own wording)
    ("doi ten khai sinh", "1.004859"),  # evbn.org/phan-van-viec-doi-ten-khai-sinh-cho-hop-phong-thuy-1684212682
    ("ghi chu ly hon", "1.000689"),  # (own wording)
    ("nhan con nuoi", "1.003005"),  # (own wording)
    ("khai sinh bien gioi", "1.004227"),  # tthc.thuathienhue.gov.vn/Content/Print/thutuc.aspx?iThuTuc=20274
    ("sao y ban chinh", "2.000815"),  # (own wording)
    ("chung thuc chu ki", "2.000884"),  # (own wording; typo on purpose)
    ("chứng thực bản dịch", "2.000908"),  # (own wording)
    ("chung thuc hop dong dat", "2.001035"),  # (own wording)
    ("chung thuc di chuc", "2.001016"),  # luatthientin.com/dan-su-thua-ke/tu-van-lap-di-chuc.html
    ("thoa thuan chia di san", "2.001019"),  # vpubnd.laichau.gov.vn/detailNews.aspx?id=12183&lang=vi&Cate=110
    ("sua loi hop dong", "2.000927"),  # (own wording)
    ("nhap ho khau", "1.004194"),  # (own wording)
    ("dang ky tam tru", "1.004222"),  # (own wording)
    ("gia han tam tru", "1.004228"),  # (own wording)
    ("cat khau", "1.004206"),  # tongdaiphapluat.vn/cat-khau-cho-nguoi-da-mat/
    ("khai bao tam vang", "1.004197"),  # (own wording)
    ("doi chu ho cu tru", "1.004236"),  # (own wording)
    ("đăng ký hộ kinh doanh", "2.000720"),  # (own wording)
    ("doi dia chi kinh doanh", "2.000575"),  # (own wording)
    ("tam ngung ho kinh doanh", "2.000588"),  # ketoanlacviet.vn/thu-tuc-tam-ngung-ho-kinh-doanh
    ("giải thể hộ kinh doanh", "2.000595"),  # lawkey.vn/ho-kinh-doanh-dang-ky-ma-khong-hoat-dong-co-bi-phat-khong/
    ("xin phép xây nhà", "1.009994"),  # (own wording)
    ("giay phep sua nha", "1.009995"),  # (own wording)
    ("Gia hạn GPXD nhà ở", "1.009998"),  # (own wording)
    ("lam so do lan dau", "1.012790"),  # (own wording)
    ("sang ten so do", "1.012791"),  # (own wording)
    ("hoa giai tranh chap dat", "1.003554"),  # (own wording)
    ("tro cap nguoi cao tuoi", "1.001776"),  # (own wording)
    ("mai tang phi btxh", "1.001758"),  # (own wording)
    ("giấy xác nhận khuyết tật", "1.004946"),  # (own wording)
    ("xet ho can ngheo", "1.005448"),  # (own wording)
    ("chuyen gia lao campuchia", "1.010801"),  # (own wording)
    ("mai tang nguoi co cong", "1.010815"),  # (own wording)
    ("thăm viếng mộ liệt sĩ", "1.010819"),  # (own wording)
    ("trợ cấp thương binh", "1.010823"),  # (own wording)
]

HELD_OUT_4 = HELD_OUT_4_SENTENCES + HELD_OUT_4_SHORT
