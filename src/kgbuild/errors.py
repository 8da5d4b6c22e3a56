"""The exceptions kgbuild raises; the CLI turns each into one line and an exit code."""

from __future__ import annotations


class KgbuildError(Exception):
    """Base class of every error kgbuild raises on purpose."""

    exit_code = 2


class UsageError(KgbuildError):
    """Bad arguments: a path that does not exist, an unknown option value."""


class NoInputError(KgbuildError):
    """The paths given hold no file kgbuild can read."""


class InputError(KgbuildError):
    """One input file cannot be used; the build skips it and goes on."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class CheckFailed(KgbuildError):
    """A check the user asked for did not pass (``--strict`` with skipped inputs)."""

    exit_code = 1
