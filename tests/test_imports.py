"""The import contract of the package (issue 26): data flows one way, so imports do too.

Read from the source (``ast``), imports inside functions included, so a lazy import cannot hide a loop:

- no loop between modules;
- no module imports the package root (``kgbuild/__init__.py`` pulls in the whole pipeline; the version is
  ``kgbuild._version``) and none imports the command line;
- the readers and the extractors are the bottom floor: they import only the plain model, the text helpers, the
  errors, the options and each other, never the graph, the build or the queries;
- the command line answers at once: its modules import the library only inside the commands (``--help`` loads
  neither rdflib nor numpy);
- no module takes another module's private name (``from .x import _y``);
- no module is longer than 500 lines.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "kgbuild"
# what the readers and extractors may import besides their own package
BOTTOM = {"kgbuild.model", "kgbuild.text", "kgbuild.errors", "kgbuild.files", "kgbuild.sentences", "kgbuild.options"}
MAX_LINES = 500


def _name(path: Path) -> str:
    parts = ["kgbuild", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(path: Path, modules: dict[str, Path]) -> list[tuple[str, tuple[str, ...]]]:
    """(module imported, names taken) for every import of kgbuild in a file; ``from . import x`` of a submodule
    counts as importing the submodule."""
    here = _name(path)
    package = here if path.name == "__init__.py" else here.rsplit(".", 1)[0]
    out: list[tuple[str, tuple[str, ...]]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(a.name, ()) for a in node.names if a.name.split(".")[0] == "kgbuild"]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, *(node.module.split(".") if node.module else [])])
            else:
                target = node.module or ""
            if target.split(".")[0] != "kgbuild":
                continue
            names = tuple(a.name for a in node.names)
            subs = [f"{target}.{n}" for n in names if f"{target}.{n}" in modules]
            out += [(s, ()) for s in subs]
            rest = tuple(n for n in names if f"{target}.{n}" not in modules)
            if rest or not subs:
                out.append((target, rest))
    return out


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {m: {t for t, _ in _imports(p, modules) if t in modules and t != m} for m, p in modules.items()}


def _loops(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    loops: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                loops.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return loops


def test_no_import_loop() -> None:
    assert _loops(_graph()) == []


def _top(module: str) -> str:
    return ".".join(module.split(".")[:2])


def test_the_packages_are_layered() -> None:
    """No loop between the top-level packages and modules either (``pipeline``, ``query``, ``rdf``, ``claims``,
    ``extract``, ...): the build sits on the queries, the queries on the graph, the graph on the extractors."""
    graph: dict[str, set[str]] = {}
    for m, targets in _graph().items():
        graph.setdefault(_top(m), set()).update(_top(t) for t in targets if _top(t) != _top(m))
    graph.pop("kgbuild", None)  # the package root re-exports the public names, lazily
    for targets in graph.values():
        targets.discard("kgbuild")
    assert _loops(graph) == []
    below = {"kgbuild.rdf": {"kgbuild.pipeline", "kgbuild.query", "kgbuild.cli", "kgbuild.site", "kgbuild.viz"},
             "kgbuild.query": {"kgbuild.pipeline", "kgbuild.cli"},
             "kgbuild.extract": {"kgbuild.rdf", "kgbuild.query", "kgbuild.pipeline", "kgbuild.claims"}}
    assert {p: sorted(graph[p] & above) for p, above in below.items() if graph[p] & above} == {}


def test_nothing_imports_the_package_root_or_the_command_line() -> None:
    graph = _graph()
    entry = {"kgbuild", "kgbuild.cli.__main__"}  # the package and ``python -m kgbuild.cli`` may import what they name
    upward = sorted(m for m, targets in graph.items() if m not in entry and {"kgbuild", "kgbuild.cli"} & targets)
    assert upward == []


def test_the_readers_and_extractors_are_the_bottom_floor() -> None:
    graph = _graph()
    for m, targets in sorted(graph.items()):
        for floor in ("kgbuild.readers", "kgbuild.extract"):
            if m == floor or m.startswith(floor + "."):
                wrong = sorted(t for t in targets if t not in BOTTOM and not t.startswith(floor))
                assert wrong == [], (m, wrong)


def test_no_module_takes_another_ones_private_names() -> None:
    modules = _modules()
    taken = sorted(f"{_name(p)} <- {t}.{n}" for p in modules.values() for t, names in _imports(p, modules)
                   for n in names if n.startswith("_") and n != "__version__")
    assert taken == []


def test_no_module_is_over_500_lines() -> None:
    long = sorted((len(p.read_text(encoding="utf-8").splitlines()), m) for m, p in _modules().items())
    assert [f"{m}: {n}" for n, m in long if n > MAX_LINES] == []


def test_the_command_line_loads_no_library_until_a_command_runs() -> None:
    import subprocess
    import sys

    code = ("import sys, kgbuild.cli; heavy = [m for m in ('rdflib', 'numpy', 'scipy', 'bm25s', 'rich', "
            "'kgbuild.pipeline.plan') if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_extraction_cache_key_covers_what_the_readers_and_extractors_import() -> None:
    """A cached read or extraction is keyed by the code that made it (``pipeline.cache.code_files``): every
    module the readers and extractors import, however deep, must be in it, or a change to it would leave
    stale entries in every user's cache."""
    from kgbuild.pipeline.cache import code_files

    graph = _graph()
    seen: set[str] = set()
    todo = [m for m in graph if m.startswith(("kgbuild.readers", "kgbuild.extract"))]
    while todo:
        m = todo.pop()
        if m not in seen:
            seen.add(m)
            todo.extend(graph[m])
    modules = _modules()
    needed = {str(modules[m].relative_to(PACKAGE)) for m in seen if m not in ("kgbuild", "kgbuild._version")}
    assert needed - set(code_files()) == set()
