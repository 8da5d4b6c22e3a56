"""Command line: parse arguments, call one library function per command, print, and set the exit code.

Exit codes: 0 ok, 1 a check failed (``--strict`` with problems, a graph that does not conform to the shapes),
2 bad arguments or no input, 3 a query failed while running.

``base`` holds the command group and its one error path (a ``KgbuildError`` becomes one line and its exit code);
each other module registers the commands of one kind: ``build`` (build, validate), ``ask`` (query, claims,
review, search, missed), ``views`` (viz, site, diff), ``publish`` (export, load, serve). There is no logic here
beyond turning arguments into one library call and its answer into lines.
"""

from __future__ import annotations

from . import ask, build, publish, views  # noqa: F401  # each registers its commands on ``main``
from .base import main

__all__ = ["main"]
