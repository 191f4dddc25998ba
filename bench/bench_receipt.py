"""Receipt PDF benchmark: generation + signing, and verification (median and p95 over N runs).

Run: python3 bench/bench_receipt.py [runs]   (target: generation + signing under 300 ms median)
"""

import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from wardportal.kernel import signing
from wardportal.dossiers import slips  # noqa: E402


def sample_receipt(number: int) -> slips.ReceiptSlip:
    """A typical online birth-registration receipt."""
    code = f"H40.25-261123-{number:04d}"
    return slips.ReceiptSlip(
        ward=slips.WardInfo("UBND Phường Phương Lâm", "Phương Lâm",
                            "Số 2 đường Hữu Nghị, phường Phương Lâm, tỉnh Phú Thọ", "0218 3852 123"),
        dossier_code=code, procedure_code="1.001193", procedure_title="Đăng ký khai sinh",
        applicant=slips.ApplicantInfo("Nguyễn Thị Hằng", "001190012345", "0912345678",
                                      "Tổ 5, phường Phương Lâm, tỉnh Phú Thọ", "hang@example.vn"),
        documents=[slips.ReceivedDocument("Tờ khai đăng ký khai sinh", True),
                   slips.ReceivedDocument("Giấy chứng sinh", True),
                   slips.ReceivedDocument("Giấy chứng nhận kết hôn của cha, mẹ", False)],
        received_at=dt.datetime(2026, 11, 23, 9, 5), appointment_date=dt.date(2026, 11, 25),
        delivery_method="Nhận trực tuyến",
        tracking_url=f"https://phuonglam.example.vn/tra-cuu/{code}?t=Zx8kQ2m9pLr4",
    )


def summary(label: str, seconds: list[float]) -> str:
    """'label: median X ms, p95 Y ms' line."""
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"{label:<28} median {statistics.median(ordered) * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms"


def main(runs: int = 30) -> None:
    """Time key loading once, then render+sign and verify `runs` times each."""
    with tempfile.TemporaryDirectory() as instance:
        started = time.perf_counter()
        signer = signing.load_ward_signer(instance, "phuong-lam", "UBND Phường Phương Lâm")
        print(f"first use (generate CA + ward key, load): {(time.perf_counter() - started) * 1000:.1f} ms")
        slips.render_and_sign(sample_receipt(0), signer)  # warm-up: font parsing, imports
        render, sign, total, verify = [], [], [], []
        for number in range(1, runs + 1):
            t0 = time.perf_counter()
            pdf = slips.render_receipt(sample_receipt(number))
            t1 = time.perf_counter()
            signed = signing.sign_pdf(pdf, signer, reason="Tiếp nhận hồ sơ và hẹn trả kết quả",
                                      location="UBND Phường Phương Lâm", stamp_box=slips.STAMP_BOX_PT)
            t2 = time.perf_counter()
            result = signing.verify_pdf(signed, instance)
            t3 = time.perf_counter()
            assert result.valid, result.problem
            render.append(t1 - t0)
            sign.append(t2 - t1)
            total.append(t2 - t0)
            verify.append(t3 - t2)
        print(f"{runs} runs, receipt size {len(signed) / 1024:.0f} KiB")
        print(summary("render receipt (fpdf2)", render))
        print(summary("sign (pyHanko PAdES)", sign))
        print(summary("render + sign", total))
        print(summary("verify (pyHanko)", verify))
        verdict = "OK" if statistics.median(total) < 0.300 else "OVER TARGET"
        print(f"target render + sign < 300 ms median: {verdict}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
