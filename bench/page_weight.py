"""Page weight and Largest Contentful Paint of a first visit to a document page, in Chromium.

    .venv/bin/python bench/page_weight.py OUTPUT_DIR [PAGE] [--repeat N]

Serves OUTPUT_DIR (a built edition) on the loopback address, opens PAGE (default: the first
document page in French) in a fresh browser context (an empty cache: a first visit), and
reports every file fetched with its transfer size, the total, and the LCP from the browser's
performance API (median of N visits; ``--throttle`` for a slow mobile connection). The
publication's fonts are made unavailable locally by removing the ``local()`` sources from the
fonts stylesheet as the browser receives it, so the numbers are those of a reader whose device
lacks Charis SIL.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import re
import shutil
import statistics
import threading
from pathlib import Path

from playwright.sync_api import Route, sync_playwright

FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update"]
LCP = """() => new Promise(resolve => {
  new PerformanceObserver(list => {
    const last = list.getEntries().at(-1);
    resolve([last.startTime, last.element ? `${last.element.tagName.toLowerCase()}.${last.element.className}` : "?"]);
  })
    .observe({type: 'largest-contentful-paint', buffered: true});
  setTimeout(() => resolve([-1, "none"]), 30000);
})"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def without_local_fonts(route: Route) -> None:
    response = route.fetch()
    css = re.sub(r'local\("[^"]*"\),\s*', "", response.text())
    route.fulfill(response=response, body=css)


def visit(browser: object, url: str, throttle: bool) -> tuple[dict[str, int], float, float, str]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    if throttle:  # a slow mobile connection: 1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip
        session = context.new_cdp_session(page)
        session.send("Network.enable")
        session.send(
            "Network.emulateNetworkConditions",
            {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8},
        )
    page.route("**/fonts.css", without_local_fonts)
    fetched: dict[str, int] = {}

    def finished(request: object) -> None:
        sizes = request.sizes()  # type: ignore[attr-defined]
        fetched[request.url] = sizes["responseBodySize"] + sizes["responseHeadersSize"]  # type: ignore[attr-defined]

    page.on("requestfinished", finished)
    page.goto(url, wait_until="load")
    settled = float(page.evaluate("() => document.fonts.ready.then(() => performance.now())"))
    page.wait_for_load_state("networkidle")
    lcp, element = page.evaluate(LCP)
    context.close()
    return fetched, float(lcp), settled, str(element)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("output", type=Path)
    parser.add_argument("page", nargs="?", default="")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--throttle", action="store_true", help="a slow mobile connection (1.6 Mbit/s, 150 ms)")
    args = parser.parse_args()
    page_path = args.page or next(p for p in sorted((args.output / "fr").glob("*/index.html"))).relative_to(args.output)
    handler = functools.partial(_Quiet, directory=str(args.output))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/{page_path}"
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=FLAGS)
        runs = [visit(browser, url, args.throttle) for _ in range(args.repeat)]
        browser.close()
    server.shutdown()
    fetched = runs[0][0]
    for address, size in sorted(fetched.items(), key=lambda item: -item[1]):
        print(f"{size / 1024:8.1f} KB  {address.split('/', 3)[3]}")
    print(f"{sum(fetched.values()) / 1024:8.1f} KB  total, {len(fetched)} files ({page_path})")
    elements = sorted({run[3] for run in runs})
    print(f"LCP median of {args.repeat}: {statistics.median(run[1] for run in runs):.0f} ms ({', '.join(elements)})")
    print(f"fonts settled (document.fonts.ready), median: {statistics.median(run[2] for run in runs):.0f} ms")


if __name__ == "__main__":
    main()
