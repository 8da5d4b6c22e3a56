"""The site's files: one HTML page per report, agreement section, decision, organisation, programme, minister
and theme, an index, a page of all decisions, a graph view, the data each graph draws (one script per page,
which a page also loads to grow its graph in place) and the search index.

Text reaches the HTML only through Jinja2's autoescaping and the script only as JSON (``script_json``), which the
script turns into DOM text with ``textContent``. Every page carries a Content-Security-Policy that allows only
the site's own scripts and no network access, and the site loads nothing from elsewhere: vis-network is copied
from pyvis.
"""

from __future__ import annotations

import functools
import json
import multiprocessing
import re
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup

from ..corrections import SETTABLE_ROLES
from ..corrections import VERDICTS as CORRECTABLE_VERDICTS
from ..viz.data import NODE_TYPES, RATING_COLOURS, VizData
from ..viz.money import COMMITTED_RULE
from ..viz.page import script_json, vis_assets
from .fulltext import fulltext_files
from .graphs import (
    GRAPH_NODES,
    NODE_BLOCK,
    Graphs,
    community_layout,
    data_script,
    shard_file,
)
from .pages import PAGE_TYPES, VERDICTS, Site, money_label
from .rows import ClaimRow, DecisionRow, GrantRow, Page

# A table's first SHOWN_ROWS rows are laid out when its page opens; the rest wait, parsed but inert, in a
# <template> until a filter, a sort or "Show all" needs them.
SHOWN_ROWS = 200

CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'none'; font-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'")

EDGE_COLOURS = {"has claim": "#90a4ae", "cites": "#64b5f6", "theme": "#b0bec5", "evaluates": "#78909c",
                "part of": "#b0bec5", "mentions": "#ce93d8", "grant": "#b8860b", "recipient": "#8d6e63",
                "funds": "#e6a23c", "funded by": "#e6a23c", "minister": "#4dd0e1"}


@functools.cache
def _env() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("kgbuild.site", "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True, trim_blocks=True,
                             lstrip_blocks=True)
    env.globals.update(money=money_label, rule=COMMITTED_RULE, csp=CSP)
    env.filters["site_of"] = site_of
    return env


def site_of(url: str) -> str:
    """A link's text: the address when it is short, else its site and path (a search address repeats the
    decision's title in its query; the link keeps it whole)."""
    if len(url) <= 80:
        return url
    head = url.split("?", 1)[0].split("#", 1)[0]
    return (head[:77] + "\u2026") if len(head) > 80 else head + "?\u2026"


def _static(name: str) -> bytes:
    return (resources.files("kgbuild.site") / "static" / name).read_bytes()


def _vis_files() -> dict[str, bytes]:
    js, css = vis_assets()
    return {"assets/vis-network.min.js": js.encode(), "assets/vis-network.css": css.encode()}


# ------------------------------------------------------------------------------------------------ filters


def _filters(decisions: Iterable[DecisionRow] = (), grants: Iterable[GrantRow] = (),
             claims: Iterable[ClaimRow] = ()) -> dict[str, list[str] | bool]:
    """The choices a page's filters offer: the months its rows span, its ministers, domains and verdicts."""
    dates: set[str] = set()
    ministers: set[str] = set()
    domains: set[str] = set()
    verdicts: set[str] = set()
    amounts = False
    every: list[DecisionRow | GrantRow | ClaimRow] = [*decisions, *grants, *claims]
    for row in every:
        if row.date:
            dates.add(row.date[:7])
        ministers.update(x.label for x in row.ministers)
        domains.update(row.domains)
        if isinstance(row, ClaimRow):
            verdicts.add(row.verdict)
        elif isinstance(row, GrantRow) or row.committed is not None:
            amounts = True
    return {"months": _months(dates), "ministers": sorted(ministers), "domains": sorted(domains),
            "verdicts": [v for v in VERDICTS if v in verdicts], "amounts": amounts}


def _months(dates: set[str]) -> list[str]:
    """Every month from the first to the last of ``dates`` (YYYY-MM), so the slider moves evenly in time."""
    valid = sorted(d for d in dates if re.fullmatch(r"\d{4}-\d{2}", d))
    if not valid:
        return []
    y, m = int(valid[0][:4]), int(valid[0][5:])
    out = []
    while f"{y:04d}-{m:02d}" <= valid[-1]:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


# ------------------------------------------------------------------------------------------------ graphs


def _number(anchor: str) -> int:
    tail = anchor.rsplit("-", 1)[-1]
    return int(tail) if tail.isdigit() else 0


# ------------------------------------------------------------------------------------------------ the site


def render_site(data: VizData, jobs: int = 1) -> dict[str, bytes]:
    """Every file of the site, by path relative to its folder: same data, same bytes, whatever ``jobs``. With
    ``jobs`` > 1 the pages are shared among that many forked processes (about 1.7 times faster on two cores)."""
    site = Site(data)
    graphs = Graphs(site)
    env = _env()
    env.globals["shown_rows"] = SHOWN_ROWS  # read here, not at import: a test lowers it
    env.globals["node_block"] = NODE_BLOCK
    # what a reader may set with the ✎ (site.js): the values the corrections file accepts
    env.globals["fix_roles"] = "|".join(SETTABLE_ROLES)
    env.globals["fix_verdicts"] = "|".join(CORRECTABLE_VERDICTS)
    rows = _Rows(env)
    files: dict[str, bytes] = {}
    files.update(_vis_files())
    # the colours of node types, verdicts and links, once for every page (not in each page's graph data)
    files["assets/colours.js"] = ("window.KGCOLOURS = " + script_json({**_colours(), "kinds": graphs.kinds})
                                  + ";\n").encode()
    for name in ("site.js", "site.css"):
        files[f"assets/{name}"] = _static(name)
    entries, texts = _search_index(site)
    files["assets/search.js"] = ("window.KGSEARCH = " + script_json(entries) + ";\n").encode()
    files.update(fulltext_files(texts))
    keys = sorted(site.keys, key=site.keys.__getitem__)
    if jobs > 1 and len(keys) > 200 and "fork" in multiprocessing.get_all_start_methods():
        global _FORKED
        _FORKED = (site, graphs, rows, keys)
        try:
            ctx = multiprocessing.get_context("fork")  # the children inherit the site: nothing is pickled in
            with ProcessPoolExecutor(jobs, mp_context=ctx) as pool:
                for chunk in pool.map(_render_share, [(i, jobs) for i in range(jobs)]):
                    files.update(chunk)
        finally:
            _FORKED = None
    else:
        files.update(_render_pages(site, graphs, rows, keys))
    shards: dict[str, list[bytes]] = {}
    for name in sorted(n for n in files if "\0" in n):
        shards.setdefault(name.split("\0", 1)[0], []).append(files.pop(name))
    files.update({name: b"".join(parts) for name, parts in shards.items()})
    files["index.html"] = _index(site, env)
    decisions_html, decisions_rows = split_rows("decisions", _decisions(site, env, rows).decode(), "")
    files["decisions.html"] = decisions_html.encode()
    if decisions_rows:
        files[rows_file("decisions")] = decisions_rows
    files.update(graphs.node_tables())
    graph_html, graph_data = _graph_view(site, graphs, env)
    files["graph.html"] = graph_html
    files["data/graph.js"] = graph_data
    return dict(sorted(files.items()))


_FORKED: tuple[Site, Graphs, _Rows, list[str]] | None = None


def _render_share(share: tuple[int, int]) -> dict[str, bytes]:
    assert _FORKED is not None
    site, graphs, rows, keys = _FORKED
    return _render_pages(site, graphs, rows, keys[share[0]::share[1]])


def _render_pages(site: Site, graphs: Graphs, rows: _Rows, iris: list[str]) -> dict[str, bytes]:
    """The page and the graph data of each of ``iris``."""
    files: dict[str, bytes] = {}
    page_tpl = _env().get_template("page.html")
    for iri in iris:
        page = site.page(iri)
        around, more = graphs.neighbourhood(page)
        payload = graphs.payload(around, page.iri)
        data_file = shard_file(page.key)
        files[f"{data_file}\0{page.key}"] = data_script(page.key, payload)
        has_rows = bool(page.decisions or page.grants or page.claims)
        html = page_tpl.render(
            page=page, key=page.key, title=page.title, root="../", graph=True, data_file=data_file,
            type_title=PAGE_TYPES[page.type], f=_filters(page.decisions, page.grants, page.claims),
            has_rows=has_rows, graph_count=len(around), graph_more=more,
            types=[(t, NODE_TYPES[t].label) for t in NODE_TYPES
                   if any(site.data.nodes[i].type == t for i in around)],
            claims_title="Claims that name it" if page.type in ("organisation", "programme") else
            "Claims that cite its decisions" if page.type == "person" else "Claims",
            trs={"decisions": rows.decisions(page.decisions, "../"),
                 "grants": rows.grants(page.grants, "../", own=page.type == "decision"),
                 "claims": rows.claims(page.claims, "../", own=page.type == "report"),
                 "uncited": rows.decisions(page.uncited, "../", ranked=True),
                 "promises": [Markup(rows.module.promise_tr(p, "../", money_label(p.committed) if p.committed else ""))
                              for p in page.promises]},
            promise_counts=_promise_counts(page))
        html, more_rows = split_rows(page.key, html, "../")
        files[f"{page.key}.html"] = html.encode()
        if more_rows:
            files[rows_file(page.key)] = more_rows
    return files


def _promise_counts(page: Page) -> str:
    counts = Counter(p.status for p in page.promises)
    return ", ".join(f"{counts[s]} {s}" for s in ("money committed", "acted on", "no decision found") if counts[s])


_MORE = '<template class="more" data-for="'
_END = "</template>"


def rows_file(key: str) -> str:
    """The script that holds the rows of page ``key``'s long tables past the first SHOWN_ROWS."""
    return f"data/r/{key}.js"


def split_rows(key: str, html: str, root: str) -> tuple[str, bytes]:
    """A page with each long table's rows past the first SHOWN_ROWS moved out of its HTML into a script of their
    own (``rows_file``), which the page reads once it is open: no page weighs more than its first rows, and
    filters, counts, charts and CSV still cover every row once they have arrived."""
    parts: list[str] = []
    rows: dict[str, str] = {}
    at = 0
    while (start := html.find(_MORE, at)) >= 0:
        name_end = html.index('">', start)
        name = html[start + len(_MORE):name_end]
        end = html.index(_END, name_end)
        rows[name] = html[name_end + 2:end]
        parts += [html[at:start], f'{_MORE}{name}" data-src="{root}{rows_file(key)}">{_END}']
        at = end + len(_END)
    if not rows:
        return html, b""
    parts.append(html[at:])
    # a script file, never inlined: '<' is escaped all the same (no markup in any data file of the site), in
    # JavaScript's short form, the rest left as JSON writes it
    body = json.dumps(rows, ensure_ascii=True, sort_keys=True, separators=(",", ":")).replace("<", "\\x3c")
    script = f"(window.KGROWS = window.KGROWS || {{}})[{script_json(key)}] = {body};\n"
    return "".join(parts), script.encode()


class _Rows:
    """Table rows as HTML, each rendered once per page depth and reused on every page that lists it."""

    def __init__(self, env: jinja2.Environment) -> None:
        self.module: Any = env.get_template("rows.html").module
        self.done: dict[tuple[object, ...], Markup] = {}

    def _one(self, key: tuple[object, ...], make: Callable[[], str]) -> Markup:
        found = self.done.get(key)
        if found is None:
            found = self.done[key] = Markup(make())
        return found

    def decisions(self, rows: list[DecisionRow], root: str, ranked: bool = False) -> list[Markup]:
        m = self.module
        return [self._one(("d", r.link.key, root, n if ranked else 0, r.note),
                          functools.partial(m.decision_tr, r, root, n if ranked else 0, money_label(r.committed)))
                for n, r in enumerate(rows, start=1)]

    def grants(self, rows: list[GrantRow], root: str, own: bool = False) -> list[Markup]:
        m = self.module
        return [self._one(("g", r.decision.key, r.anchor, root, own), functools.partial(m.grant_tr, r, root, own))
                if r.anchor else Markup(m.grant_tr(r, root, own)) for r in rows]

    def claims(self, rows: list[ClaimRow], root: str, own: bool = False) -> list[Markup]:
        m = self.module
        return [self._one(("c", r.report.key, r.anchor, root, own), functools.partial(m.claim_tr, r, root, own))
                if r.anchor else Markup(m.claim_tr(r, root, own)) for r in rows]


def _colours() -> dict[str, object]:
    return {"types": {k: [t.label, t.shape, t.colour] for k, t in NODE_TYPES.items()},
            "ratings": RATING_COLOURS, "edges": EDGE_COLOURS}


def _search_index(site: Site) -> tuple[list[list[str]], list[str]]:
    """One entry per page and per claim: [name, type, href, other names, date]; and the text of each, for the
    full-text index (``fulltext.py``): its names and, for a decision or section, its whole text."""
    out, texts = [], []
    data = site.data
    for iri, key in sorted(site.keys.items(), key=lambda x: x[1]):
        n = data.nodes[iri]
        others = [x for x in n.names[1:] if x and x != n.label]
        out.append([n.label, n.type, f"{key}.html", " | ".join(others)[:400], n.date])
        # a decision is also found by every name of the bodies and programmes it names or pays, and by the claims
        # that cite it ("VLAIO" finds a decision that writes "Agentschap Innoveren en Ondernemen")
        paid = sorted({r for g in data.targets(iri, "grant") for r in data.targets(g, "recipient", "funds")})
        linked = {*data.targets(iri, "mentions"), *data.targets(iri, "funds"), *paid}
        names = sorted({x for t in linked for x in data.nodes[t].names if x})
        # ... and the bodies its money goes to count twice: "VLAIO subsidie" ranks VLAIO's grants first
        receivers = [x for t in paid for x in data.nodes[t].names if x]
        cited_by = [data.nodes[c].label for c in sorted(site.decision_claims.get(iri, []))]
        texts.append("\n".join([n.label, *others, n.text, *names, *receivers, *cited_by]))
    for claim, link in sorted(site.claim_anchor.items(), key=lambda x: (x[1].key, _number(x[1].anchor))):
        out.append([site.data.nodes[claim].label, "claim", link.href, link.label, ""])
        texts.append(site.data.nodes[claim].label)
    return out, texts


def _summary(data: VizData) -> str:
    counts = Counter(n.type for n in data.nodes.values())
    parts = [f"{counts[t]:,} {NODE_TYPES[t].label.lower()}{'s' if counts[t] != 1 else ''}"
             for t in NODE_TYPES if counts[t]]
    return "This build holds " + ", ".join(parts) + "."


def _index(site: Site, env: jinja2.Environment) -> bytes:
    data = site.data
    lists: list[tuple[str, str, list[list[object]], list[tuple[str, str]]]] = []

    def rows(type_: str) -> list[str]:
        return sorted((i for i, k in site.keys.items() if data.nodes[i].type == type_), key=site.keys.__getitem__)

    reports = []
    for r in rows("report"):
        ratings = Counter(data.nodes[c].rating or "not rated" for c in data.targets(r, "has claim"))
        reports.append([site.link(r), "; ".join(site.report_domains.get(r, [])), sum(ratings.values()),
                        ratings["supported"], ratings["partly supported"],
                        ratings["unsupported"] + ratings["contradicted"]])
    lists.append(("report", "Reports", sorted(reports, key=lambda x: str(x[0].label).casefold()),  # type: ignore[attr-defined]
                  [("Report", "text"), ("Policy domains", "text"), ("Claims", "num"), ("Supported", "num"),
                   ("Partly", "num"), ("Unsupported or contradicted", "num")]))
    for type_ in ("organisation", "programme", "person"):
        entries = []
        for i in rows(type_):
            decisions = {*data.sources(i, "mentions"), *data.sources(i, "minister")}
            money = data.nodes[i].money
            # the money sorts by its value, not its label ("€980 k" below "€89.5 M")
            entries.append([site.link(i), len(decisions), {"v": str(money if money is not None else ""),
                                                           "label": money_label(money)}])
        entries.sort(key=lambda x: (-int(x[1]), str(x[0].label).casefold()))  # type: ignore[call-overload,attr-defined]
        lists.append((type_, PAGE_TYPES[type_], entries, [("Name", "text"), ("Decisions", "num"),
                                                          ("Committed money", "num")]))
    sections = [[site.link(i), dict(data.nodes[i].details).get("Policy domain", ""),
                 len(data.sources(i, "evaluates"))] for i in rows("section")]
    lists.append(("section", "Agreement sections", sections, [("Section", "text"), ("Policy domain", "text"),
                                                              ("Reports", "num")]))
    themes = [[site.link(i), len(data.sources(i, "theme"))] for i in rows("theme")]
    lists.append(("theme", "Themes", themes, [("Theme", "text"), ("Claims", "num")]))
    return env.get_template("index.html").render(
        key="index", title="Index", root="", graph=False, data_file="", lists=lists,
        summary=_summary(data)).encode()


def _decisions(site: Site, env: jinja2.Environment, rows: _Rows) -> bytes:
    data = site.data
    decisions = site.decision_rows(n.iri for n in data.of_type("decision"))
    grants = site.grant_rows(n.iri for n in data.of_type("grant"))
    return env.get_template("decisions.html").render(
        key="decisions", title="All decisions", root="", graph=False, data_file="", f=_filters(decisions, grants),
        summary=_summary(data), trs={"decisions": rows.decisions(decisions, ""), "grants": rows.grants(grants, "")}
    ).encode()


def _graph_view(site: Site, graphs: Graphs, env: jinja2.Environment) -> tuple[bytes, bytes]:
    data = site.data
    linked = [i for i in data.nodes if graphs.degree[i]]
    chosen = sorted(linked, key=lambda i: (-graphs.degree[i], i))[:GRAPH_NODES]
    keep = set(chosen)
    positions = community_layout(chosen, ((e.source, e.target) for e in data.edges
                                          if e.source in keep and e.target in keep))
    payload = graphs.payload(chosen, None, positions)
    if len(linked) > len(chosen):
        note = (f"The {len(chosen):,} most linked of the {len(linked):,} linked nodes; each page shows a node's "
                "own neighbourhood, and can grow it.")
    else:
        note = f"All {len(chosen):,} linked nodes."
    types = [(t, NODE_TYPES[t].label) for t in NODE_TYPES if any(data.nodes[i].type == t for i in chosen)]
    rows_d = site.decision_rows(i for i in chosen if data.nodes[i].type == "decision")
    rows_c = site.claim_rows(i for i in chosen if data.nodes[i].type == "claim")
    rows_g = site.grant_rows(i for i in chosen if data.nodes[i].type == "grant")
    html = env.get_template("graph.html").render(
        key="graph", title="Graph", root="", graph=True, data_file="data/graph.js", note=note,
        f=_filters(rows_d, rows_g, rows_c), types=types)
    return html.encode(), data_script("graph", payload)
