"""The page: a Jinja2 template (autoescaped) around the view's data, with the static ``app.js`` and ``page.css``
and vis-network from the copy pyvis ships, so it makes no network request. The charts are SVG fragments whose
text is ``html.escape``d here; every string from the graph reaches the script as JSON data.

Why ~400 lines: the SVG charts (bars, columns, Sankey) are built here with every string escaped; the page
skeleton is the template, the script and the style are static files.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import json
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from decimal import Decimal
from importlib import resources
from pathlib import Path

import jinja2
import networkx as nx
from markupsafe import Markup

from ..options import DEFAULT_MAX_NODES
from ..outputs import atomic_write, check_source
from ..rdf.export import merged_lines
from ..rdf.terms import load_graph
from ..text import slug
from . import layout
from .data import (
    EDGE_KINDS,
    NODE_TYPES,
    RATING_COLOURS,
    READ_PREDICATES,
    Triples,
    VizData,
    euro,
    euro_full,
    index_lines,
    short_label,
)
from .layout import layout_iterations, node_size, radial_layout
from .money import COMMITTED_RULE, TOP_BARS, committed_money, top_values
from .read import graph_data
from .view import Focus, View, report_ident, select_view


def vis_assets() -> tuple[str, str]:
    """vis-network's script and stylesheet as shipped inside pyvis (no CDN)."""
    lib = resources.files("pyvis") / "templates" / "lib" / "vis-9.1.2"
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    css = (lib / "vis-network.css").read_text(encoding="utf-8")
    # the source map is not shipped: a browser with developer tools open would ask for it
    js = re.sub(r"//# sourceMappingURL=\S+", "", js)
    if "</script" in js.lower() or "</style" in css.lower():
        raise RuntimeError("vis-network cannot be inlined: it contains a closing tag")
    return js, css


def script_json(value: object) -> str:
    """JSON safe inside a <script> block: no '<', '>' or '&' (so no '</script>' or '<!--'), all non-ASCII
    escaped (so no U+2028/U+2029), keys sorted for byte-identical output."""
    text = json.dumps(value, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _payload(view: View) -> dict[str, object]:
    """The page's data: nodes and edges with integer ids in IRI order, and the styles per type."""
    index = {n.iri: i for i, n in enumerate(view.nodes)}
    g = nx.Graph()
    g.add_nodes_from(index.values())
    g.add_edges_from((index[e.source], index[e.target]) for e in view.edges)
    degree = dict(g.degree())
    positions = radial_layout(view) if len(view.nodes) > layout.PHYSICS_LIMIT else {}
    nodes = []
    for n in view.nodes:
        item: dict[str, object] = {"id": index[n.iri], "t": n.type, "label": short_label(n.label), "name": n.label,
                                   "iri": n.iri, "size": node_size(n, degree[index[n.iri]])}
        if n.details:
            item["d"] = [list(x) for x in n.details]
        if n.links:
            item["l"] = [list(x) for x in n.links]
        if n.quote:
            item["q"] = n.quote
        if n.rating:
            item["r"] = n.rating
        if n.iri in positions:
            item["x"], item["y"] = positions[n.iri]
        alt = [x for x in n.names[1:] if x]
        if alt:
            item["s"] = " | ".join(alt)
        nodes.append(item)
    edges = []
    for e in view.edges:
        edge: dict[str, object] = {"from": index[e.source], "to": index[e.target], "k": e.kind}
        if e.label:
            edge["a"] = e.label
        if e.quote:
            edge["q"] = e.quote
        edges.append(edge)
    return {
        "nodes": nodes, "edges": edges,
        "types": {k: {"label": t.label, "shape": t.shape, "colour": t.colour} for k, t in NODE_TYPES.items()},
        "ratings": RATING_COLOURS, "edgeKinds": EDGE_KINDS,
        "physicsLimit": layout.PHYSICS_LIMIT, "iterations": layout_iterations(len(view.nodes)),
    }


def _swatch(shape: str, colour: str) -> str:
    """A small SVG of a legend entry's shape."""
    c = html.escape(colour)
    shapes = {
        "dot": f'<circle cx="8" cy="8" r="6" fill="{c}"/>',
        "square": f'<rect x="2" y="2" width="12" height="12" fill="{c}"/>',
        "triangle": f'<polygon points="8,1 15,14 1,14" fill="{c}"/>',
        "triangleDown": f'<polygon points="1,2 15,2 8,15" fill="{c}"/>',
        "diamond": f'<polygon points="8,1 15,8 8,15 1,8" fill="{c}"/>',
        "hexagon": f'<polygon points="4,2 12,2 15,8 12,14 4,14 1,8" fill="{c}"/>',
        "star": f'<polygon points="8,1 10,6 15,6 11,9 13,15 8,11 3,15 5,9 1,6 6,6" fill="{c}"/>',
        "box": f'<rect x="1" y="3" width="14" height="10" rx="2" fill="{c}"/>',
        "ellipse": f'<ellipse cx="8" cy="8" rx="7" ry="5" fill="{c}" stroke="#90a4ae"/>',
        "line": f'<line x1="1" y1="8" x2="15" y2="8" stroke="{c}" stroke-width="3"/>',
    }
    return f'<svg class="sw" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">{shapes[shape]}</svg>'


def _legend(view: View) -> str:
    counts = Counter(n.type for n in view.nodes)
    rows = []
    for key, t in NODE_TYPES.items():
        if not counts[key]:
            continue
        rows.append(f'<label class="row"><input type="checkbox" checked data-type="{html.escape(key)}"> '
                    f'{_swatch(t.shape, t.colour)} {html.escape(t.label)} <span class="n">{counts[key]:,}</span>'
                    "</label>")
        if key == "claim":
            ratings = Counter(n.rating or "not rated" for n in view.nodes if n.type == "claim")
            rows += [f'<div class="row sub">{_swatch("dot", c)} {html.escape(r)} <span class="n">{ratings[r]:,}</span>'
                     "</div>" for r, c in RATING_COLOURS.items() if ratings[r]]
    kinds = Counter(e.kind for e in view.edges)
    edges = [f'<div class="row">{_swatch("line", c)} {html.escape(k)} <span class="n">{kinds[k]:,}</span></div>'
             for k, c in EDGE_KINDS.items() if kinds[k]]
    return ("<h2>Nodes <small>(untick to hide)</small></h2>" + "".join(rows) +
            "<h2>Relations</h2>" + "".join(edges) +
            '<p class="hint">Size: money for grants, organisations and programmes; else the number of links.</p>')


def _empty_figure(title: str, what: str) -> str:
    return f"<figure><figcaption>{html.escape(title)}</figcaption><p>No {what} in the graph.</p></figure>"


def _bar_chart(title: str, rows: list[tuple[str, Decimal]], note: str = "") -> str:
    """Horizontal bars with the label left and the amount right, as escaped SVG."""
    if not rows:
        return _empty_figure(title, "amounts")
    width, bar_h, left, right = 560, 18, 220, 90
    top = max(v for _, v in rows) or Decimal(1)
    parts = []
    for i, (label, value) in enumerate(rows):
        y = i * (bar_h + 4)
        w = max(1.0, float(value / top) * (width - left - right))
        parts.append(f'<g><title>{html.escape(label)}: {html.escape(euro_full(value))}</title>'
                     f'<text x="{left - 6}" y="{y + 13}" text-anchor="end">{html.escape(short_label(label, 34))}</text>'
                     f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="#d81b60"/>'
                     f'<text x="{left + w + 4:.1f}" y="{y + 13}">{html.escape(euro(value))}</text></g>')
    height = len(rows) * (bar_h + 4)
    return (f'<figure><figcaption>{html.escape(title)}</figcaption><svg class="chart" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}" role="img">{"".join(parts)}</svg>'
            f'{f"<p class=hint>{html.escape(note)}</p>" if note else ""}</figure>')


def _column_chart(title: str, rows: list[tuple[str, Decimal]]) -> str:
    if not rows:
        return _empty_figure(title, "amounts")
    col, gap, height, base = 44, 8, 180, 150
    top = max(v for _, v in rows) or Decimal(1)
    parts = []
    for i, (label, value) in enumerate(rows):
        x = i * (col + gap)
        h = max(1.0, float(value / top) * (base - 20))
        parts.append(f'<g><title>{html.escape(label)}: {html.escape(euro_full(value))}</title>'
                     f'<rect x="{x}" y="{base - h:.1f}" width="{col}" height="{h:.1f}" fill="#d4af37"/>'
                     f'<text x="{x + col / 2}" y="{base - h - 4:.1f}" text-anchor="middle">'
                     f'{html.escape(euro(value))}</text>'
                     f'<text x="{x + col / 2}" y="{base + 16}" text-anchor="middle">{html.escape(label)}</text></g>')
    width = len(rows) * (col + gap)
    return (f'<figure><figcaption>{html.escape(title)}</figcaption><svg class="chart" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}" role="img">{"".join(parts)}</svg></figure>')


def _ratings_chart(ratings: dict[str, int]) -> str:
    total = sum(ratings.values())
    title = "Claims by how well the decisions they cite support them"
    if not total:
        return _empty_figure(title, "claims")
    width, x, parts, keys = 560, 0.0, [], []
    for rating, n in ratings.items():
        w = n / total * width
        colour = html.escape(RATING_COLOURS.get(rating, "#9e9e9e"))
        parts.append(f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="22" fill="{colour}">'
                     f"<title>{html.escape(rating)}: {n}</title></rect>")
        keys.append(f'<span class="key">{_swatch("dot", colour)} {html.escape(rating)}: {n:,} '
                    f"({n / total:.0%})</span>")
        x += w
    return (f'<figure><figcaption>{html.escape(title)}</figcaption><svg class="chart" width="{width}" height="22" '
            f'viewBox="0 0 {width} 22" role="img">{"".join(parts)}</svg><div>{"".join(keys)}</div></figure>')


def _sankey(data: VizData, flows: dict[tuple[str, str], Decimal]) -> str:
    """Committed money from the programme or plan that pays to the recipient, as an SVG flow diagram: the
    largest flows, the rest joined into "other" on each side. Drawn here, so the page needs no library."""
    title = "Money flow: programme or plan → recipient (committed money)"
    if not flows:
        return f"<figure><figcaption>{html.escape(title)}</figcaption><p>No committed amounts here.</p></figure>"
    ranked = sorted(flows.items(), key=lambda x: (-x[1], x[0]))
    shown, rest = ranked[:TOP_BARS], ranked[TOP_BARS:]
    merged: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for (s, t), v in shown:
        merged[(s, t)] += v
    if rest:
        merged[("(other)", "(other)")] += sum((v for _, v in rest), Decimal(0))

    def name(iri: str) -> str:
        return data.nodes[iri].label if iri in data.nodes else iri

    left: dict[str, Decimal] = defaultdict(Decimal)
    right: dict[str, Decimal] = defaultdict(Decimal)
    for (s, t), v in merged.items():
        left[s] += v
        right[t] += v
    total = sum(merged.values(), Decimal(0)) or Decimal(1)
    width, height, pad, bar, label_w = 560, 320, 6, 10, 170
    usable = height - pad * max(len(left), len(right))

    def place(side: dict[str, Decimal]) -> dict[str, tuple[float, float]]:
        y, out = 0.0, {}
        for key, v in sorted(side.items(), key=lambda x: (-x[1], name(x[0]))):
            h = max(2.0, float(v / total) * usable)
            out[key] = (y, h)
            y += h + pad
        return out

    ly, ry = place(left), place(right)
    lx, rx = label_w, width - label_w
    used_l: dict[str, float] = defaultdict(float)
    used_r: dict[str, float] = defaultdict(float)
    parts = []
    for (s, t), v in sorted(merged.items(), key=lambda x: (-x[1], x[0])):
        h = max(1.0, float(v / total) * usable)
        y0 = ly[s][0] + used_l[s]
        y1 = ry[t][0] + used_r[t]
        used_l[s] += h
        used_r[t] += h
        mid = (lx + bar + rx) / 2
        path = (f"M{lx + bar},{y0:.1f} C{mid},{y0:.1f} {mid},{y1:.1f} {rx},{y1:.1f} "
                f"L{rx},{y1 + h:.1f} C{mid},{y1 + h:.1f} {mid},{y0 + h:.1f} {lx + bar},{y0 + h:.1f} Z")
        parts.append(f'<path d="{path}" fill="#d81b60" fill-opacity="0.35"><title>'
                     f'{html.escape(name(s))} → {html.escape(name(t))}: {html.escape(euro_full(v))}</title></path>')
    for key, (y, h) in ly.items():
        parts.append(f'<rect x="{lx}" y="{y:.1f}" width="{bar}" height="{h:.1f}" fill="#1565c0"/>'
                     f'<text x="{lx - 4}" y="{y + h / 2 + 4:.1f}" text-anchor="end">'
                     f'{html.escape(short_label(name(key), 26))}</text>')
    for key, (y, h) in ry.items():
        parts.append(f'<rect x="{rx}" y="{y:.1f}" width="{bar}" height="{h:.1f}" fill="#2e7d32"/>'
                     f'<text x="{rx + bar + 4}" y="{y + h / 2 + 4:.1f}">{html.escape(short_label(name(key), 26))} '
                     f'{html.escape(euro(right[key]))}</text>')
    table = "".join(f"<tr><td>{html.escape(name(s))}</td><td>{html.escape(name(t))}</td>"
                    f"<td>{html.escape(euro_full(v))}</td></tr>" for (s, t), v in ranked)
    return (f'<figure class="sankey"><figcaption>{html.escape(title)}</figcaption><svg class="chart" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}" role="img" aria-label="{html.escape(title)}">'
            f'{"".join(parts)}</svg><details><summary>The flows as a table</summary><table><tr><th>from</th>'
            f"<th>to</th><th>committed</th></tr>{table}</table></details></figure>")


def _overview(data: VizData, view: View | None = None) -> str:
    """The charts of what the page shows: the whole graph, or the grants of the focused view only."""
    whole = view is None or len(view.nodes) >= view.total_nodes
    shown = data.of_type("grant") if whole or view is None else [n for n in view.nodes if n.type == "grant"]
    grants = [n.iri for n in shown]
    money = committed_money(data, grants)
    programmes, note = top_values(data, money.per_programme)
    recipients, rnote = top_values(data, money.per_recipient)
    heading = "Overview of the whole graph" if whole else "Overview of this view"
    total = sum(money.per_year.values(), Decimal(0))
    low = (f" Committed here: {euro_full(total)}, of which {euro_full(money.low)} with low confidence (its role "
           "rests on a default: check it with kgbuild review money)." if money.low else "")
    return (f'<section id="overview"><h2>{heading}</h2><p class="hint">{html.escape(COMMITTED_RULE + low)}</p>'
            '<div class="charts">'
            + _bar_chart("Committed money per programme", programmes, note)
            + _bar_chart("Committed money per recipient", recipients, rnote)
            + _column_chart("Committed money per year (by the date of the decision)", list(money.per_year.items()))
            + _sankey(data, money.flows)
            + _ratings_chart(data.ratings) + "</div></section>")


def _other_views(data: VizData) -> str:
    """The commands for a few other views, so the reader of a focused page knows what to ask for."""
    reports = sorted(data.of_type("report"), key=lambda r: (-len(data.targets(r.iri, "has claim")),
                                                             report_ident(r)))[:8]
    orgs = sorted((n for n in data.of_type("organisation") if data.sources(n.iri, "mentions", "recipient")),
                  key=lambda n: (-len(data.sources(n.iri, "mentions")), n.label))[:8]
    progs = sorted((n for n in data.of_type("programme") if n.money or data.sources(n.iri, "mentions")),
                   key=lambda n: (-(n.money or 0), n.label))[:8]

    def item(cmd: str, what: str) -> str:
        return f"<li><code>{html.escape(cmd)}</code> {html.escape(what)}</li>"

    lines = [item(f"kgbuild viz GRAPH --report {_quote_arg(report_ident(r))}",
                  f"{len(data.targets(r.iri, 'has claim'))} claims") for r in reports]
    lines += [item(f"kgbuild viz GRAPH --organisation {_quote_arg(n.label)}",
                   f"{len(data.sources(n.iri, 'mentions')):,} decisions") for n in orgs]
    lines += [item(f"kgbuild viz GRAPH --programme {_quote_arg(n.label)}",
                   euro(n.money) if n.money else f"{len(data.sources(n.iri, 'mentions')):,} decisions") for n in progs]
    return f'<details id="views"><summary>Other views</summary><ul>{"".join(lines)}</ul></details>'


def _quote_arg(text: str) -> str:
    return text if re.fullmatch(r"[\w.\-]+", text) else "'" + text.replace("'", "'\\''") + "'"


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


@functools.cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(loader=jinja2.PackageLoader("kgbuild.viz", "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    return env.get_template("page.html")


@functools.cache
def _static(name: str) -> str:
    return (resources.files("kgbuild.viz") / "static" / name).read_text(encoding="utf-8")


def render_html(data: VizData, view: View) -> str:
    """The page, as a string: same data and view, same bytes."""
    js, css = vis_assets()
    app_js = _static("app.js")
    csp = ("default-src 'none'; " f"script-src {_csp_hash(js)} {_csp_hash(app_js)}; "
           "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'")
    # Markup: text the template must not escape. The scripts and styles are our own files and pyvis's, the
    # payload is JSON with <, > and & escaped (see script_json), the fragments escape every string they hold.
    return _template().render(
        csp=Markup(html.escape(csp, quote=False)),  # in a double-quoted attribute: a ' may stay as it is
        view=view, vis_css=Markup(css), page_css=Markup(_static("page.css")), vis_js=Markup(js),
        app_js=Markup(app_js), payload=Markup(script_json(_payload(view))), other_views=Markup(_other_views(data)),
        legend=Markup(_legend(view)), overview=Markup(_overview(data, view)))


def render(graph: Triples, focus: Focus | None = None, max_nodes: int = DEFAULT_MAX_NODES,
           scope: str = "") -> tuple[str, View]:
    """Read ``graph``, choose the view and return the page with the view it shows; ``scope`` says what part
    of a larger graph ``graph`` is, when it is one."""
    return render_data(graph_data(graph), focus, max_nodes, scope)


def render_data(data: VizData, focus: Focus | None = None, max_nodes: int = DEFAULT_MAX_NODES,
                scope: str = "") -> tuple[str, View]:
    """The page of ``data`` with the view it shows (see ``render``)."""
    view = select_view(data, focus, max_nodes)
    if scope:
        view.note = f"{scope} {view.note}"
    return render_html(data, view), view


def write_page(graph: Path, out: Path | None = None, focus: Focus | None = None,
               max_nodes: int = DEFAULT_MAX_NODES) -> tuple[Path, View]:
    """Draw the RDF file ``graph`` into ``out`` (default: beside it, ``graph.html`` or
    ``graph-<focus>-<name>.html``); the file written and the view it shows."""
    check_source(graph)
    page, view = render(load_graph(graph), focus, max_nodes)
    if out is None:
        name = f"{graph.stem}-{focus.kind}-{slug(focus.name)}.html" if focus else f"{graph.stem}.html"
        out = graph.with_name(name)
    atomic_write(out, page.encode("utf-8"))
    return out, view


# The page of a build is drawn from at most this many bytes of its N-Triples parts: whole partitions, in order,
# and the shared part. Only the lines of READ_PREDICATES are kept, so memory follows what is drawn, not this
# budget; the corpus takes about 160 MB (a third of it the promises' ranked candidates, which the page skips).
VIEW_BYTES = 256 * 1024 * 1024


def render_parts(parts: Sequence[Path], focus: Focus | None = None, max_nodes: int = DEFAULT_MAX_NODES,
                 budget: int = VIEW_BYTES) -> tuple[str, View]:
    """The page of a build from its sorted N-Triples ``parts``: all of them when they fit in ``budget``
    bytes, else the shared part and as many whole partitions as fit, and the page says so."""
    data, scope = parts_data(parts, budget)
    return render_data(data, focus, max_nodes, scope)


def parts_data(parts: Sequence[Path], budget: int = VIEW_BYTES) -> tuple[VizData, str]:
    """What a page or the site draws of a build's sorted N-Triples ``parts`` (all of them when they fit in
    ``budget`` bytes, else the shared part and as many whole partitions as fit) and, then, a sentence that
    says so."""
    shared = [p for p in parts if not p.name[:1].isdigit()]
    numbered: dict[str, list[Path]] = {}
    for p in parts:
        if p.name[:1].isdigit():
            numbered.setdefault(p.name.split("-", 1)[0], []).append(p)
    chosen = list(shared)
    size = sum(p.stat().st_size for p in shared)
    taken = 0
    for _number, group in sorted(numbered.items()):
        grow = sum(p.stat().st_size for p in group)
        if taken and size + grow > budget:
            break
        chosen += group
        size += grow
        taken += 1
    scope = ""
    if taken < len(numbered):
        scope = (f"This build is too large to draw from whole: the page is drawn from {taken:,} of its "
                 f"{len(numbered):,} partitions; the graph file and the store hold them all "
                 "(kgbuild query answers about the rest).")
    wanted = tuple(f" <{p}> ".encode() for p in READ_PREDICATES)
    graph = index_lines(line for line in merged_lines(chosen) if _predicate_in(line, wanted))
    return graph_data(graph), scope


def _predicate_in(line: bytes, wanted: tuple[bytes, ...]) -> bool:
    # an N-Triples line's subject is an IRI or a blank node, with no space in it: the predicate follows the first
    return line[line.find(b" "):].startswith(wanted)
