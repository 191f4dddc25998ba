"""Benchmark of the public pages: server render time and the weight a phone downloads.

Prints the median and p95 render time of a procedure guide (Flask test client, warm) and the gzipped
weight of its HTML + CSS + JS. Targets (issue 2): median < 15 ms, weight < 40 KB, no third-party requests.
Run: python bench/bench_pages.py
"""

import gzip
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from wardportal import create_app  # noqa: E402

RUNS = 300


def main() -> None:
    instance = tempfile.mkdtemp(prefix="wardportal-bench-")
    import os
    os.environ["WARDPORTAL_INSTANCE_PATH"] = instance
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance}/wardportal.db", "SECRET_KEY": "bench",
                      "AUTO_INIT_DB": True, "SEED_DEMO_WHEN_EMPTY": True, "RATELIMIT_ENABLED": False})
    client = app.test_client()
    home = client.get("/", follow_redirects=True)
    assert home.status_code == 200
    guide_path = "/phuong-lam/thu-tuc/1.001193"
    for path in (guide_path, "/phuong-lam/", "/phuong-lam/thu-tuc/"):
        timings = []
        for _ in range(RUNS):
            start = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
        timings.sort()
        print(f"{path:34s} median {statistics.median(timings):6.2f} ms   p95 {timings[int(RUNS * 0.95)]:6.2f} ms")

    html = client.get(guide_path).data
    assets = re.findall(rb'(?:href|src)="(/static/[^"]+)"', html)
    external = re.findall(rb'(?:href|src)="(https?://[^"]+)"', html)
    total = len(gzip.compress(html, 6))
    print(f"guide HTML: {len(html) / 1024:.1f} KB raw, {total / 1024:.1f} KB gzipped")
    for asset in assets:
        body = client.get(asset.decode()).data
        size = len(gzip.compress(body, 6))
        total += size
        print(f"  {asset.decode():40s} {len(body) / 1024:6.1f} KB raw, {size / 1024:5.1f} KB gzipped")
    print(f"total transferred (gzipped): {total / 1024:.1f} KB; third-party requests: {len(external)}")


if __name__ == "__main__":
    main()
