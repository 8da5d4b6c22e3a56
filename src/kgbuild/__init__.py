"""kgbuild: an RDF knowledge graph of Flemish Government decisions and the reports that evaluate them."""

from __future__ import annotations

from ._version import __version__
from .analysis import extract_corpus, read_corpus
from .errors import CheckFailed, InputError, KgbuildError, NoInputError, UsageError
from .export import to_turtle
from .pipeline import BuildReport, BuildResult, build

__all__ = [
    "BuildReport",
    "BuildResult",
    "CheckFailed",
    "InputError",
    "KgbuildError",
    "NoInputError",
    "UsageError",
    "__version__",
    "build",
    "extract_corpus",
    "read_corpus",
    "to_turtle",
]
