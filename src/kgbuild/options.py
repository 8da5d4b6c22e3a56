"""The choices and defaults a user can set, in one place that imports nothing heavy: the command line offers
them (``kgbuild --help`` answers without loading rdflib, numpy or the pipeline), and each library module takes
its own from here, so a name or a default is written once.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    """An output format: its name on the command line, file extension and media type."""

    name: str
    extension: str
    media_type: str
    description: str


# the graph's formats (``kgbuild export``, ``build --format``; ``pipeline.writers.WRITERS`` follows)
FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("ttl", "ttl", "text/turtle", "Turtle, sorted, kgbuild's prefixes"),
    Format("nt", "nt", "application/n-triples", "canonical N-Triples, lines sorted"),
    Format("nq", "nq", "application/n-quads", "N-Quads, one named graph per source document, lines sorted"),
    Format("trig", "trig", "application/trig", "TriG, one named graph per source document"),
    Format("jsonld", "jsonld", "application/ld+json", "JSON-LD with an @context of kgbuild's prefixes"),
)}

# the build
EXECUTORS = ("serial", "process", "dask")
PARTITION_FILES = 500  # input files per partition, on average: 14 partitions for the corpus, for 2+ cores
MAX_INPUT_BYTES = 2 * 1024 * 1024  # an input file larger than this is skipped unread
REASONING_MODES = ("none", "rdfs", "owlrl")
# Closing the ontology under OWL 2 RL costs a few tenths of a second more than under RDFS, once per process,
# and the pass costs the same; it also honours owl:inverseOf and symmetric properties, which RDFS ignores.
DEFAULT_MODE = "owlrl"

# queries (``query.engines.ENGINE_TABLE`` has one engine per name) and their answers
ENGINES: tuple[str, ...] = ("oxigraph", "rdflib", "endpoint")
RESULT_FORMATS = ("table", "csv", "tsv", "json")

# search
SEARCH_TYPES = ("decision", "claim", "section", "report")
SEARCH_FORMATS = ("table", "csv", "json")

# the HTML view: the whole graph is drawn when it has at most this many nodes; above it the default view is
# focused. Measured in Chromium (bench/viz.py): at 1,500 nodes the layout is done in 4 s and a redraw takes 70 ms.
DEFAULT_MAX_NODES = 1500
FOCUS_KINDS = ("report", "organisation", "programme", "theme")

# talking to a triple store
DEFAULT_BATCH = 50_000  # triples per request
DEFAULT_RETRIES = 3
DEFAULT_TIMEOUT = 300.0  # seconds per request: a 50,000-triple batch takes about one on a local Oxigraph
PASSWORD_VARIABLE = "KGBUILD_PASSWORD"

# the SPARQL endpoint (``kgbuild serve``)
QUERY_TIMEOUT = 30.0  # seconds a query may run
SERVE_WORKERS = 2  # queries running at once (one process each)
MAX_CONNECTIONS = 64  # open connections at once (a thread each; the queries are bounded by SERVE_WORKERS)
