"""kgbuild: an RDF knowledge graph of Flemish Government decisions and the reports that evaluate them."""

from __future__ import annotations

from .errors import CheckFailed, InputError, KgbuildError, NoInputError, UsageError
from .pipeline import BuildReport, BuildResult, build, read_corpus, to_turtle

__version__ = "0.1.0"

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
    "read_corpus",
    "to_turtle",
]
