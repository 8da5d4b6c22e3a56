"""The explorer: a static site of linked fact sheets (one page per report, agreement section, decision,
organisation, programme, minister and theme), tables with filters and CSV downloads, money charts and graphs,
that opens from the disk with no server and no network.

``write_site(graph, out)`` reads a graph and writes its site; ``render_site(data)`` returns every file of
the site by relative path; ``pages.Site`` says what each page
holds; ``render.community_layout`` places a large graph by community.
"""

from __future__ import annotations

from .graphs import GRAPH_NODES, PAGE_NODES, community_layout
from .pages import PAGE_TYPES, Site
from .render import CSP, render_site
from .rows import Page
from .write import SITE_MARK, Written, default_folder, install_site, read_data, write_site

__all__ = ["CSP", "GRAPH_NODES", "PAGE_NODES", "PAGE_TYPES", "SITE_MARK", "Page", "Site", "Written",
           "community_layout", "default_folder", "install_site", "read_data", "render_site", "write_site"]
