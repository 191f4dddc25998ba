"""A guide page on a slow phone connection: first visit and repeat visit, in Chromium with throttling.

The embedded default (no reverse proxy) is served over real HTTP; Chromium's DevTools protocol throttles
the connection to 400 kbit/s both ways with 400 ms round-trip latency (Network.emulateNetworkConditions).
For each visit it prints the time to the load event, the bytes that crossed the network and the requests
that did. A repeat visit should fetch only the HTML (static files are fingerprinted and immutable).
Run: python bench/bench_throttled_guide.py [--runs 3]
"""

import argparse
import os
import statistics
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from wardportal import create_app  # noqa: E402

GUIDE_PATH = "/phuong-lam/thu-tuc/1.001193"
KBITS = 400
LATENCY_MS = 400
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")

MEASURE = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const res = performance.getEntriesByType('resource');
  const fetched = [nav, ...res].filter(e => e.transferSize > 0);
  return {load: nav.loadEventEnd - nav.startTime,
          bytes: fetched.reduce((n, e) => n + e.transferSize, 0),
          requests: fetched.map(e => e.name.replace(location.origin, ''))};
}"""


def serve() -> str:
    """The app with the demo ward on a free loopback port; returns its base URL."""
    instance = tempfile.mkdtemp(prefix="wardportal-bench-")
    os.environ["WARDPORTAL_INSTANCE_PATH"] = instance
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance}/wardportal.db", "SECRET_KEY": "bench",
                      "AUTO_INIT_DB": True, "SEED_DEMO_WHEN_EMPTY": True, "RATELIMIT_ENABLED": False})
    assert app.test_client().get(GUIDE_PATH).status_code == 200  # loads the demo ward
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}"


def visit(context, url: str, throttle: bool = True) -> dict:
    """Open ``url`` in a new tab of ``context`` (sharing its cache) under throttling; return the measurements."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    if throttle:
        rate = KBITS * 1000 / 8
        cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": LATENCY_MS,
                                                      "downloadThroughput": rate, "uploadThroughput": rate})
    page.goto(url, wait_until="load")
    result = page.evaluate(MEASURE)
    page.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    base = serve()
    first, repeat = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for _ in range(args.runs):
            context = browser.new_context()  # a fresh cache: a first-time visitor
            first.append(visit(context, base + GUIDE_PATH))
            repeat.append(visit(context, base + GUIDE_PATH))
            context.close()
        browser.close()
    print(f"guide page {GUIDE_PATH}, throttled to {KBITS} kbit/s, {LATENCY_MS} ms RTT, {args.runs} runs")
    for name, runs in (("first visit", first), ("repeat visit", repeat)):
        print(f"  {name:13s} load {statistics.median(r['load'] for r in runs):7.0f} ms (median)   "
              f"{statistics.median(r['bytes'] for r in runs) / 1024:6.1f} KB over the network   "
              f"requests: {', '.join(runs[-1]['requests'])}")


if __name__ == "__main__":
    main()
