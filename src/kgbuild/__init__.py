"""kgbuild: an RDF knowledge graph of Flemish Government decisions and the reports that evaluate them.

The names below are loaded when first used (PEP 562), so that importing a part of the package, the command
line above all, does not load the whole pipeline.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .errors import CheckFailed, InputError, KgbuildError, NoInputError, UsageError

if TYPE_CHECKING:
    from .analysis import extract_corpus, read_corpus
    from .pipeline.plan import BuildReport, BuildResult, build
    from .rdf.export import to_turtle

_LAZY = {"extract_corpus": "analysis", "read_corpus": "analysis", "to_turtle": "rdf.export",
         "BuildReport": "pipeline.plan", "BuildResult": "pipeline.plan", "build": "pipeline.plan"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'kgbuild' has no attribute {name!r}")


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
