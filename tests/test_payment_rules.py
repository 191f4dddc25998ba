"""Fee schedules, VietQR payloads and amounts in words: the pure rules of level-4 payments."""

import io

import pytest
import zxingcpp
from PIL import Image

from wardportal.catalogue import fees
from wardportal.kernel.qr import qr_png
from wardportal.payments import vietqr
from wardportal.payments.amount_words import amount_in_words

FIXTURE = ("00020101021238540010A00000072701240006970436011001234567890208QRIBFTTA53037045405500005802VN"
           "62250821Le phi HS-2026-00012363043C18")


def test_fee_total_depends_on_copies_and_urgency():
    schedule = fees.parse_schedule({"items": [
        {"name": "Lệ phí cấp bản sao", "amount": 8000, "per": "copy"},
        {"name": "Phí giải quyết nhanh", "amount": 20000, "when": "urgent"},
        {"name": "Lệ phí đăng ký", "amount": 15000}], "max_copies": 5})
    assert schedule.asks_copies and schedule.asks_urgency
    plain = fees.compute_bill(schedule, fees.parse_choices(schedule, {}))
    assert plain.total == 8000 + 15000
    urgent = fees.compute_bill(schedule, fees.parse_choices(schedule, {"copies": "3", "urgent": "1"}))
    assert urgent.total == 3 * 8000 + 20000 + 15000
    assert [(ln.name, ln.quantity) for ln in urgent.lines][0] == ("Lệ phí cấp bản sao", 3)


def test_hostile_choices_are_clamped_never_raise():
    schedule = fees.parse_schedule({"items": [{"name": "Bản sao", "amount": 8000, "per": "copy"}], "max_copies": 5})
    for raw in ({"copies": "-4"}, {"copies": "1e9"}, {"copies": "٣"}, {"copies": None}, {"copies": "999"}):
        choices = fees.parse_choices(schedule, raw)
        assert 1 <= choices.copies <= 5


def test_free_stays_free_and_no_schedule_is_none():
    free = fees.parse_schedule({"items": []})
    assert free.is_free and fees.compute_bill(free, fees.FeeChoices()).total == 0
    assert fees.parse_schedule(None) is None


@pytest.mark.parametrize("bad", [
    {"items": [{"name": "A", "amount": -1}]}, {"items": [{"name": "A", "amount": 1.5}]},
    {"items": [{"name": "", "amount": 100}]}, {"items": [{"name": "A", "amount": "100"}]},
    {"items": [{"name": "A", "amount": 100, "per": "page"}]}, {"items": "x"}, {"items": [], "max_copies": 0},
    {"items": [{"name": "A", "amount": True}]}])
def test_invalid_schedules_are_refused(bad):
    with pytest.raises(fees.InvalidSchedule):
        fees.parse_schedule(bad)


def test_vietqr_payload_matches_the_napas_fixture_and_crc_check_value():
    assert vietqr.crc16_ccitt(b"123456789") == 0x29B1
    payload = vietqr.payload("970436", "0123456789", 50000, "Lệ phí HS-2026-000123")
    assert payload == FIXTURE and len(payload) == 129
    static = vietqr.payload("970436", "0123456789")
    assert static.endswith("QRIBFTTA53037045802VN63046A15")


def test_vietqr_fields_follow_the_emvco_rules():
    payload = vietqr.payload("970405", "9999000012345", 15000, "000.26.30.H29-261201-0001")
    top = vietqr.parse_tlv(payload)
    assert list(top) == ["00", "01", "38", "53", "54", "58", "62", "63"]
    assert top["00"] == "01" and top["01"] == "12" and top["53"] == "704" and top["58"] == "VN"
    assert top["54"] == "15000"
    account = vietqr.parse_tlv(top["38"])
    assert account["00"] == "A000000727" and account["02"] == "QRIBFTTA"
    assert vietqr.parse_tlv(account["01"]) == {"00": "970405", "01": "9999000012345"}
    assert vietqr.parse_tlv(top["62"])["08"] == "000.26.30.H29-261201-0001"
    assert top["63"] == f"{vietqr.crc16_ccitt(payload[:-4].encode()):04X}"
    for tag, value in top.items():  # every length is the character count, two digits
        assert f"{tag}{len(value):02d}{value}" in payload


def test_notes_are_ascii_and_short():
    assert vietqr.ascii_note("Đóng lệ phí hồ sơ số 1 của bà Nguyễn Thị Đào") == "Dong le phi ho so so 1 cu"
    assert vietqr.ascii_note("A\u202eB\x00C") == "AB C"


@pytest.mark.parametrize("args", [("97043", "1", 1), ("970436", "12 34", 1), ("970436", "1" * 20, 1),
                                  ("970436", "123", 0), ("970436", "123", -5)])
def test_bad_bank_details_or_amounts_are_refused(args):
    with pytest.raises(vietqr.InvalidPayment):
        vietqr.payload(*args)


def test_the_rendered_qr_decodes_to_the_exact_payload_with_an_independent_reader():
    payload = vietqr.payload("970405", "9999000012345", 23000, "000.26.30.H29-261201-0007")
    image = Image.open(io.BytesIO(qr_png(payload)))
    assert zxingcpp.read_barcodes(image)[0].text == payload
    svg = vietqr.qr_svg(payload)
    assert svg.startswith("<svg") and "VietQR" in svg


@pytest.mark.parametrize("amount,words", [
    (0, "Không đồng"), (8000, "Tám nghìn đồng"), (15000, "Mười lăm nghìn đồng"),
    (21000, "Hai mươi mốt nghìn đồng"), (105000, "Một trăm linh năm nghìn đồng"),
    (1_001_000, "Một triệu không trăm linh một nghìn đồng"), (2024, "Hai nghìn không trăm hai mươi tư đồng"),
    (1_250_000, "Một triệu hai trăm năm mươi nghìn đồng")])
def test_amounts_in_vietnamese_words(amount, words):
    assert amount_in_words(amount) == words
