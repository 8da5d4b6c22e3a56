"""Explorer-site benchmark: generating the whole corpus site, and opening and filtering its pages in Chromium.

    python bench/site.py OUT [SITE]    # OUT: a build folder of ../shared/corpus; SITE: where to write (a tmp dir)

Generation: reading the build's parts into the page data, rendering every file (one process and two), and
writing them. The floor is what no site generator can skip: reading the same parts once (the merged N-Triples
lines, no parsing) and writing the same bytes into the same number of files.

In the browser (Debian's Chromium through Playwright, as the tests): the time from navigation to a page that
is drawn and ready (``body[data-state=ready]``) for the index, the organisation with the most rows, the report
with the most claims, a decision, and the graph view (2,000 nodes); then the time one filter change takes
(``kgsite.lastFilterMs``: tables, charts and graph updated), median of 10 changes of the date range.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from kgbuild.outputs import install_folder
from kgbuild.rdf.export import merged_lines
from kgbuild.site import SITE_MARK, read_data, render_site

CHROMIUM = "/usr/bin/chromium"


def _write_floor(files: dict[str, bytes], folder: Path) -> float:
    shutil.rmtree(folder, ignore_errors=True)
    start = time.perf_counter()
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return time.perf_counter() - start


def generation(out: Path, site: Path) -> None:
    parts = sorted((out / "parts").glob("*.nt"))
    start = time.perf_counter()
    n = sum(1 for _ in merged_lines(parts))
    read_floor = time.perf_counter() - start
    start = time.perf_counter()
    data, _ = read_data(out)
    read = time.perf_counter() - start
    timings = {}
    files: dict[str, bytes] = {}
    for jobs in (1, 2):
        start = time.perf_counter()
        files = render_site(data, jobs=jobs)
        timings[jobs] = time.perf_counter() - start
    start = time.perf_counter()
    install_folder(site, files, SITE_MARK)
    write = time.perf_counter() - start
    write_floor = _write_floor(files, site.with_name(site.name + "-floor"))
    shutil.rmtree(site.with_name(site.name + "-floor"), ignore_errors=True)
    total = read + timings[2] + write
    floor = read_floor + write_floor
    pages = sum(1 for k in files if k.endswith(".html"))
    print(f"site: {pages:,} pages, {len(files):,} files, {sum(map(len, files.values())) / 1e6:.0f} MB "
          f"from {n:,} triples")
    print(f"read {read:.1f} s, render {timings[1]:.1f} s (1 process) / {timings[2]:.1f} s (2), write {write:.1f} s;"
          f" total {total:.1f} s with 2 processes")
    print(f"floor: read the parts {read_floor:.1f} s + write the files {write_floor:.1f} s = {floor:.1f} s; "
          f"total / floor {total / floor:.1f}x")


def browser(site: Path) -> None:
    from playwright.sync_api import sync_playwright

    def biggest(kind: str, marker: str) -> Path:
        return max((site / kind).glob("*.html"), key=lambda p: p.read_text(encoding="utf-8").count(marker))

    pages = {"index": site / "index.html", "organisation (most rows)": biggest("organisation", "<tr "),
             "report (most claims)": biggest("report", '<tr id="claim-'),
             "decision": sorted((site / "decision").glob("*.html"))[len(list((site / "decision").glob("*"))) // 2],
             "all decisions": site / "decisions.html", "graph view": site / "graph.html"}
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for name, path in pages.items():
            opens, filters = [], []
            for _ in range(3):
                page = b.new_page(viewport={"width": 1400, "height": 1000})
                start = time.perf_counter()
                page.goto(path.as_uri())
                page.wait_for_selector("body[data-state=ready]", timeout=120_000)
                opens.append(time.perf_counter() - start)
                if page.locator("#f-from").count():
                    top = int(page.evaluate("document.getElementById('f-from').max"))
                    for i in range(10):
                        page.evaluate("n => { var f = document.getElementById('f-from'); f.value = n;"
                                      " f.dispatchEvent(new Event('input', {bubbles: true})); }", (i * top) // 10)
                        filters.append(float(page.evaluate("kgsite.lastFilterMs")))
                nodes = int(page.evaluate("kgsite.drawn()"))
                rows = int(page.evaluate("document.querySelectorAll('table.kg tbody tr').length"))
                page.close()
            line = f"{name}: opens in {statistics.median(opens) * 1000:.0f} ms ({nodes:,} nodes, {rows:,} rows)"
            if filters:
                line += f"; a filter change {statistics.median(filters):.0f} ms (max {max(filters):.0f})"
            print(line)
        b.close()


def main() -> None:
    out = Path(sys.argv[1])
    site = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(tempfile.mkdtemp()) / "site"
    generation(out, site)
    browser(site)


if __name__ == "__main__":
    main()
