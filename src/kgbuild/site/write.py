"""Read a graph (a build folder's parts, or an RDF file) and write its site into a folder, swapped in whole."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..outputs import build_folder_of, check_source, install_folder
from ..rdf.terms import load_graph
from ..viz import graph_data, parts_data
from ..viz.data import VizData
from .render import render_site

# Every site folder holds this empty file: a folder without it is never replaced (see install_folder).
SITE_MARK = ".kgbuild-site"


@dataclass(frozen=True)
class Written:
    folder: Path
    pages: int
    files: int
    bytes: int
    note: str = ""  # said when the site shows part of a build too large to draw whole


def read_data(graph: Path) -> tuple[VizData, str]:
    """The nodes and edges of ``graph``: a build folder (or a file in one) is read from its sorted parts, which
    is several times faster than parsing its Turtle; any other RDF file is parsed."""
    graph = Path(graph)
    check_source(graph)
    folder = build_folder_of(graph)
    if folder is not None and (folder / "parts").is_dir():
        parts = sorted((folder / "parts").glob("*.nt"))
        if parts:
            return parts_data(parts)
    return graph_data(load_graph(graph)), ""


def default_folder(graph: Path) -> Path:
    graph = Path(graph)
    return (graph if graph.is_dir() else graph.parent) / "site"


def write_site(graph: Path, out: Path | None = None, jobs: int = 1) -> Written:
    """Write the site of ``graph`` into ``out`` (default: ``site/`` beside it)."""
    data, note = read_data(graph)
    return install_site(data, out or default_folder(graph), jobs, note)


def install_site(data: VizData, out: Path, jobs: int = 1, note: str = "") -> Written:
    files = render_site(data, jobs=jobs)
    install_folder(out, files, SITE_MARK)
    pages = sum(1 for name in files if name.endswith(".html"))
    return Written(Path(out), pages, len(files) + 1, sum(len(b) for b in files.values()), note)
