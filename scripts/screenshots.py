"""The README's three screenshots of the explorer, from a site of the corpus.

    python scripts/screenshots.py SITE docs/img     # SITE: kgbuild site out/corpus (or OUT/site of a build)

An organisation page (VLAIO), the report with the most claims that has an unsupported one (its claims with
verdicts and evidence), and the graph view filtered to 2022 with the claims hidden. Debian's Chromium through
Playwright, as the tests use it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright


def main() -> None:
    site, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    org = next(p for p in (site / "organisation").glob("agentschap-innoveren-en-ondernemen-*.html"))
    report = max((p for p in (site / "report").glob("*.html")
                  if 'class="verdict v-unsupported"' in p.read_text(encoding="utf-8")),
                 key=lambda p: (p.read_text(encoding="utf-8").count('<tr id="claim-'), p.name))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1400, "height": 1100})
        page.goto(org.as_uri())
        page.wait_for_selector("body[data-state=ready]")
        page.evaluate("document.getElementById('h-graph').scrollIntoView({block: 'start'})")
        page.screenshot(path=str(out / "site-organisation.png"))
        page.goto(report.as_uri())
        page.wait_for_selector("body[data-state=ready]")
        page.evaluate("document.getElementById('h-claims').scrollIntoView({block: 'start'})")
        page.screenshot(path=str(out / "site-report.png"))
        page.goto((site / "graph.html").as_uri() + "#from=2022-01&to=2022-12&hide=claim,theme")
        page.wait_for_selector("body[data-state=ready]")
        page.evaluate("document.getElementById('filters').scrollIntoView({block: 'start'})")
        page.screenshot(path=str(out / "site-graph.png"))
        browser.close()


if __name__ == "__main__":
    main()
