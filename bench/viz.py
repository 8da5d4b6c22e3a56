"""Time the HTML view and print a Markdown table: page generation in Python and layout in Chromium, by size.

    python bench/viz.py [GRAPH] [--sizes 500,2000,5000] [--no-browser]

GRAPH is a graph.ttl written by `kgbuild build` (default out/corpus/graph.ttl: build the corpus first). Each
view of n nodes is a corpus subset: the neighbourhoods of the reports in identifier order (their claims, the
decisions those cite and what the decisions mention and fund), cut at n nodes, with the edges among them; the
last row is the whole graph. Chromium is Debian's (/usr/bin/chromium) driven by Playwright, headless, with a
1400x1000 window: "ready" is the time from navigation until the layout is done (physics stopped above
viz.PHYSICS_LIMIT nodes), "redraw" the median time of one full redraw afterwards (pan, zoom, hover).
"""

from __future__ import annotations

import argparse
import platform
import statistics
import tempfile
import time
from pathlib import Path

from kgbuild import viz
from kgbuild.rdf.terms import load_graph

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def subset(data: viz.VizData, size: int) -> viz.View:
    keep: list[str] = []
    seen: set[str] = set()
    reports = sorted(data.of_type("report"), key=lambda r: r.iri)
    for report in reports:
        view = viz.select_view(data, viz.Focus("report", report.iri.rsplit("/", 1)[-1]))
        for node in [report.iri, *(n.iri for n in view.nodes)]:
            if node not in seen:
                seen.add(node)
                keep.append(node)
        if len(keep) >= size:
            break
    chosen = set(keep[:size])
    nodes = [data.nodes[i] for i in sorted(chosen)]
    edges = [e for e in data.edges if e.source in chosen and e.target in chosen]
    roots = sorted(r.iri for r in reports if r.iri in chosen)
    return viz.View(f"{len(nodes)} nodes", f"Benchmark subset of {len(nodes)} nodes.", nodes, edges, len(data.nodes),
                    roots)


def browse(path: Path) -> tuple[float, float, float]:
    """Seconds to DOMContentLoaded, seconds until the layout is done, median milliseconds of one redraw."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        start = time.perf_counter()
        page.goto(path.as_uri(), wait_until="domcontentloaded")
        loaded = time.perf_counter() - start
        page.wait_for_selector("body[data-state=ready]", timeout=900_000)
        ready = time.perf_counter() - start
        redraws = page.evaluate("""() => {
            const net = kgviz.network, out = [];
            for (let i = 0; i < 5; i++) {
                net.moveTo({scale: 0.5 + i / 10});
                const t = performance.now(); net.renderer._redraw(); out.push(performance.now() - t);
            }
            return out;
        }""")
        browser.close()
    return loaded, ready, statistics.median(redraws)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("graph", nargs="?", default="out/corpus/graph.ttl", type=Path)
    parser.add_argument("--sizes", default="500,1000,2000,5000")
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    if not args.graph.is_file():
        parser.error(f"{args.graph}: no such file; build one first: kgbuild build ../shared/corpus -o out/corpus")
    browser = not args.no_browser and CHROMIUM.exists()
    t0 = time.perf_counter()
    graph = load_graph(args.graph)
    t1 = time.perf_counter()
    data = viz.graph_data(graph)
    t2 = time.perf_counter()
    print(f"{platform.machine()}, Python {platform.python_version()}; {args.graph}: {len(graph):,} triples, "
          f"read in {t1 - t0:.1f} s; graph_data: {len(data.nodes):,} nodes, {len(data.edges):,} edges in "
          f"{t2 - t1:.1f} s\n")
    print("| nodes | edges | page MB | generate s | layout iterations | DOM loaded s | layout done s | redraw ms |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    views = [subset(data, int(n)) for n in args.sizes.split(",")]
    views.append(viz.select_view(data, max_nodes=10**9))
    with tempfile.TemporaryDirectory() as tmp:
        for view in views:
            t = time.perf_counter()
            page = viz.render_html(data, view)
            generate = time.perf_counter() - t
            path = Path(tmp) / f"{len(view.nodes)}.html"
            path.write_text(page, encoding="utf-8")
            cells = [f"{len(view.nodes):,}", f"{len(view.edges):,}", f"{len(page.encode()) / 1e6:.1f}",
                     f"{generate:.2f}", f"{viz.layout_iterations(len(view.nodes)):,}"]
            if browser:
                loaded, ready, redraw = browse(path)
                cells += [f"{loaded:.1f}", f"{ready:.1f}", f"{redraw:.0f}"]
            else:
                cells += ["", "", ""]
            print("| " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
