"""Approval signing benchmark: the leader's signature (PKCS#12 key, with the Decree 30 appearance), the
ward's seal over it, and validation of both (median and p95 over N runs): cold (a file the policy has not
seen: what the check page and mark_ready pay) and cached (the same file viewed again, e.g. a published
document's page, which before issue 25 paid the cold price on every view).

Run: python3 bench/bench_approvals.py [runs]
"""

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.approvals_support import issue, png  # noqa: E402
from tests.test_approval_signing import result_pdf  # noqa: E402
from wardportal.kernel import signature_policy, signing  # noqa: E402
from wardportal.approvals import pdf_signatures as sigs  # noqa: E402


def summary(label: str, seconds: list[float]) -> str:
    """'label: median X ms, p95 Y ms' line."""
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"{label:<28} median {statistics.median(ordered) * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms"


def main(runs: int) -> None:
    """Sign `runs` drafts twice each and validate them."""
    ca = issue("Bench CA")
    leader = issue("Nguyễn Văn Minh", ca)
    key = sigs.FileKey(leader.p12(b"mk"), b"mk")
    appearance = sigs.LeaderAppearance("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH", "Nguyễn Văn Minh", png())
    seal_png = png((200, 20, 20, 255), (150, 150), circle=True)
    draft = result_pdf()
    with tempfile.TemporaryDirectory() as instance:
        ward = signing.load_ward_signer(instance, "phuong-lam", "Phường Phương Lâm")
        personal, seal, check, cached = [], [], [], []
        for _ in range(runs):
            start = time.perf_counter()
            first = sigs.sign_as_leader(draft, key, appearance, ward_name="Phường Phương Lâm")
            middle = time.perf_counter()
            both = sigs.seal_as_ward(first, ward, seal_png)
            end = time.perf_counter()
            result = signature_policy.verify_pdf(both, instance, extra_trust_roots=[ca.cert_pem])
            assert result.valid, result.problem
            checked = time.perf_counter()
            again = signature_policy.verify_pdf(both, instance, extra_trust_roots=[ca.cert_pem])
            assert again.valid
            personal.append(middle - start)
            seal.append(end - middle)
            check.append(checked - end)
            cached.append(time.perf_counter() - checked)
    print(summary("leader signature (PKCS#12)", personal))
    print(summary("ward seal", seal))
    print(summary("validate both, cold", check))
    print(summary("validate both, cached", cached))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
