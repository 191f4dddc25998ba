"""Development (tuning) query sets of round 5, one per way text arrives from residents' phones.

These are TUNING sets: written by the engine's developer while building phone_typing.py and the outside
services, and checked against while tuning. They are not held out and prove nothing about unseen queries;
the frozen held-out set of this round is heldout_queries_5.py (written by someone who has not seen the engine).
Each style's share in the top three is asserted in test_phone_typing_relevance.py (≥ 75 %).

Styles: raw Telex and raw VNI (keyboard's Vietnamese mode off), abbreviations and teencode, words run
together, voice-typed questions, a last word cut short while typing, everyday words — against the relevance
corpus (corpus.py); English queries against the demo catalogue's English titles; services another agency
handles (outside services of the demo ward, by their code).
"""

DEV_5_BY_STYLE: dict[str, list[tuple[str, str]]] = {
    "telex": [
        ("ddangw kys khai sinh", "1.001193"),
        ("ddangw kys keets hoon", "1.000894"),
        ("giaasy xasc nhaanj tinhf trangj hoon nhaan", "1.004873"),
        ("ddangw kys thuwowngf truus", "1.004194"),
        ("ddangw kys tamj truus", "1.004222"),
        ("khai tuwr", "1.000656"),
        ("chuwngs thuwcj chuwx kys", "2.000884"),
        ("chuwngs thuwcj di chucs", "2.001016"),
        ("giaasy pheps xaay duwngj nhaf owr", "1.009994"),
        ("hooj ngheof", "1.005448"),
        ("khai baos tamj vawngs", "1.004197"),
        ("hoaf giair tranh chaaps ddaats ddai", "1.003554"),
        ("nhaanj con nuooi", "1.003005"),
        ("ddangw kys giams hooj", "1.004884"),
        ("trowj caaps xax hooij hangf thangs", "1.001776"),
        ("gia hanj tamj truus", "1.004228"),
    ],
    "vni": [
        ("d9ang8 ky1 khai sinh", "1.001193"),
        ("ke61t ho6n", "1.000894"),
        ("ho65 nghe2o", "1.005448"),
        ("khai tu73", "1.000656"),
        ("chu71ng thu75c ba3n sao", "2.000815"),
        ("ta5m tru1", "1.004222"),
        ("ta5m va81ng", "1.004197"),
        ("gia ha5n gia61y phe1p xa6y du75ng", "1.009998"),
        ("nuo6i con nuo6i", "1.003005"),
        ("xa1c d9i5nh mu71c d9o65 khuye61t ta65t", "1.004946"),
        ("hoa2 gia3i tranh cha61p d9a61t d9ai", "1.003554"),
        ("thu7o7ng binh", "1.010823"),
    ],
    "abbreviations": [
        ("xin gks cho be", "1.001193"),
        ("dk ket hon can j", "1.000894"),
        ("xin xn tthn", "1.004873"),
        ("lam gcn qsdd lan dau", "1.012790"),
        ("dkkd ho ca the", "2.000720"),
        ("tam ngung hkd", "2.000588"),
        ("xin gpxd nha o", "1.009994"),
        ("gia han gpxd", "1.009998"),
        ("ct ban sao", "2.000815"),
        ("tl khai sinh", "2.000635"),
        ("khai tu ntn", "1.000656"),
        ("dk tt o tro dc ko", "1.004222"),
        ("tro cap nkt hang thang", "1.001776"),
        ("xac nhan hn ho can ngheo", "1.005448"),
        ("ket hn luu dong", "1.004862"),
        ("mai tang phi ncc", "1.010815"),
    ],
    "run_together": [
        ("hokinhdoanh", "2.000720"),
        ("dangkykethon", "1.000894"),
        ("xacnhantinhtranghonnhan", "1.004873"),
        ("khaibaotamvang", "1.004197"),
        ("dangkythuongtru", "1.004194"),
        ("giayphepxaydung", "1.009994"),
        ("chungthucbansao", "2.000815"),
        ("nuoiconnuoi", "1.003005"),
        ("hoangheo", "1.005448"),
        ("dangkygiamho", "1.004884"),
    ],
    "voice": [
        ("ờ cho em hỏi là làm giấy khai sinh cho con như nào ạ", "1.001193"),
        ("dạ cho em hỏi đăng ký kết hôn thì cần những gì với ạ", "1.000894"),
        ("ờ bố em mất rồi thì khai tử như nào ạ", "1.000656"),
        ("dạ em muốn xin giấy xác nhận độc thân thì sao ạ", "1.004873"),
        ("cho em hỏi là chứng thực bản sao thì làm như nào", "2.000815"),
        ("ờ em ở trọ thì đăng ký tạm trú ở đâu với ạ", "1.004222"),
        ("dạ cho em hỏi là mở quán ăn thì đăng ký kinh doanh như nào ạ", "2.000720"),
        ("ờ nhà em muốn xây nhà thì xin giấy phép xây dựng như nào", "1.009994"),
        ("dạ cho em hỏi mẹ em già rồi có được trợ cấp không ạ", "1.001776"),
        ("ờ em muốn làm sổ đỏ lần đầu thì sao ạ", "1.012790"),
        ("dạ nhà em với nhà bên cạnh tranh chấp đất thì sao ạ", "1.003554"),
        ("cho em hỏi là em đi làm xa thì khai báo tạm vắng như nào", "1.004197"),
    ],
    "truncated": [
        ("chung thuc chu k", "2.000884"),
        ("gia han giay phe", "1.009998"),
        ("dang ky khai s", "1.001193"),
        ("dang ky ket h", "1.000894"),
        ("xac nhan tinh trang hon nh", "1.004873"),
        ("khai bao tam v", "1.004197"),
        ("dang ky thuong t", "1.004194"),
        ("tam ngung hoat dong ho kinh d", "2.000588"),
        ("hoa giai tranh ch", "1.003554"),
        ("cham dut giam h", "1.004845"),
        ("nuoi con nu", "1.003005"),
        ("cap giay phep xay dung sua ch", "1.009995"),
    ],
    "everyday": [
        ("lam so hong", "1.012790"),
        ("sang ten so do", "1.012791"),
        ("giay e vo", "1.004873"),
        ("tien tro cap nguoi gia", "1.001776"),
        ("bo toi 82 tuoi xin tien gia", "1.001776"),
        ("lam giay khai sanh", "1.001193"),
        ("xin phep cat nha", "1.009994"),
        ("dong cua quan luon", "2.000595"),
        ("photo cong chung", "2.000815"),
        ("giay chung tu", "1.000656"),
    ],
}

# English queries against the demo catalogue (wardportal/demo/phuong-lam.json), whose guides keep English titles.
DEV_5_ENGLISH: list[tuple[str, str]] = [
    ("birth registration", "1.001193"),
    ("register a birth", "1.001193"),
    ("marriage registration", "1.000894"),
    ("marriage certificate", "1.000894"),
    ("death certificate", "1.000656"),
    ("certificate of marital status", "1.004873"),
    ("single status certificate", "1.004873"),
    ("certified copy", "2.000815"),
    ("signature certification", "2.000884"),
    ("household business registration", "1.001612"),
    ("building permit", "1.013225"),
    ("land dispute", "1.012812"),
    ("adoption", "2.001263"),
    ("disability certificate", "1.001699"),
    ("poor household", "1.011607"),
    ("social pension", "1.014027"),
]

# Queries for services another agency handles, with the demo ward's outside service they name.
DEV_5_OUTSIDE: list[tuple[str, str]] = [
    ("dang ky tam tru", "tam-tru"),
    ("can cuoc cong dan", "can-cuoc"),
    ("lam cccd o dau", "can-cuoc"),
    ("ly lich tu phap", "ly-lich-tu-phap"),
    ("xin phieu ly lich tu phap so 1", "ly-lich-tu-phap"),
    ("giay phep lai xe", "giay-phep-lai-xe"),
    ("doi bang lai xe may", "giay-phep-lai-xe"),
    ("lam ho chieu", "ho-chieu"),
    ("passport", "ho-chieu"),
    ("criminal record", "ly-lich-tu-phap"),
    ("làm căn cước cho con", "can-cuoc"),
    ("gplx het han", "giay-phep-lai-xe"),
]
