"""kgbuild: an RDF knowledge graph of Flemish Government decisions and the reports that evaluate them."""

from __future__ import annotations

__version__ = "0.1.0"  # first: modules imported below read it

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
