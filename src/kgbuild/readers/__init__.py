"""Turn input files into model documents. The format is told by content and shape, not by the file name.

``read_bytes`` is pure (bytes in, documents and problems out) so it can run in any worker;
``find_inputs`` is the only function here that touches the file system.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ..errors import InputError, UsageError
from ..model import Document, Problem, Source
from ..options import MAX_INPUT_BYTES
from .agreement import SECTION_NAME, TOPIC, read_metadata, read_section
from .decision import DECISION_NAME, read_decision_record, read_decision_text
from .report import CITE, HEADING, REF_HEADING, read_report_json, read_report_markdown

_REPORT_FILES = {"clean_response", "clean_responses", "metadata"}


@dataclass
class ReadResult:
    """What one file gave: its format (None when skipped), its documents, the problems met."""

    path: str
    format: str | None = None
    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def report_key(path: str) -> str:
    """Reports in the corpus are ``<section>/clean_response.md``; elsewhere the file stem names the report."""
    p = PurePosixPath(path)
    stem = p.name.split(".")[0]
    if stem in _REPORT_FILES and p.parent.name:
        return p.parent.name
    return stem


def decode(path: str, data: bytes) -> tuple[str, list[Problem]]:
    """UTF-8 text; a NUL byte means binary; other encodings are read as Windows-1252 with a warning."""
    if not data.strip():
        raise InputError(path, "empty file")
    if b"\x00" in data[:8192]:
        raise InputError(path, "binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        text = data.decode("cp1252", errors="replace")
        return text, [Problem(path, f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                                    "read as Windows-1252")]


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_surrogates(data: Any) -> Any:
    """JSON with lone surrogates (``"\\ud800"``) written as U+FFFD: they cannot be stored or printed as UTF-8.

    Iterative, so a deep document cannot overflow the stack. A valid pair (``"\\ud83d\\ude00"``) was already
    joined by the JSON parser; only lone halves remain here.
    """
    def clean(value: Any) -> Any:
        return _SURROGATE.sub("\ufffd", value) if isinstance(value, str) else value

    root = [data]
    stack: list[list[Any] | dict[Any, Any]] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for k in list(node):
                v = node.pop(k)
                node[clean(k)] = clean(v)
                if isinstance(v, (dict, list)):
                    stack.append(v)
        else:
            for i, v in enumerate(node):
                node[i] = clean(v)
                if isinstance(v, (dict, list)):
                    stack.append(v)
    return root[0]


@dataclass
class Probe:
    """A decoded file as the formats' tests see it: its path, name, text and, for JSON, the parsed value."""

    path: str
    text: str
    json: Any = None
    is_json: bool = False

    @property
    def name(self) -> str:
        return PurePosixPath(self.path).name

    @functools.cached_property
    def has_heading(self) -> bool:
        return any(HEADING.match(line) for line in self.text.splitlines()[:300])


Reader = Callable[[Source, Probe, list[Problem]], list[Document]]


@dataclass(frozen=True)
class Format:
    """An input format: its name, how to tell a file of it (``detect``), and how to read one (``read``)."""

    name: str
    detect: Callable[[Probe], bool]
    read: Reader


def _report_markdown(source: Source, probe: Probe, problems: list[Problem]) -> list[Document]:
    report, found = read_report_markdown(source, report_key(probe.path), probe.text)
    problems += found
    return [report]


def _report_json(source: Source, probe: Probe, problems: list[Problem]) -> list[Document]:
    report, found = read_report_json(source, report_key(probe.path), probe.json)
    problems += found
    return [report]


# Tried in this order; the first whose test passes reads the file. Adding a format is one entry here.
READERS: tuple[Format, ...] = (
    Format("report-json", lambda p: p.is_json and isinstance(p.json, dict) and "body" in p.json
           and "references" in p.json, _report_json),
    Format("decision-record", lambda p: p.is_json and isinstance(p.json, dict)
           and isinstance(p.json.get("attributes"), dict),
           lambda source, p, problems: list(read_decision_record(source, p.json, problems))),
    Format("report-metadata", lambda p: not p.is_json and bool(TOPIC.search(p.text)),
           lambda source, p, _problems: list(read_metadata(source, report_key(p.path), p.text))),
    Format("report-markdown", lambda p: not p.is_json and bool(
        REF_HEADING.search(p.text) or (p.has_heading and CITE.search(p.text))), _report_markdown),
    Format("decision-text", lambda p: not p.is_json and bool(DECISION_NAME.search(p.name)),
           lambda source, p, _problems: list(read_decision_text(source, p.name, p.text))),
    Format("agreement-section", lambda p: not p.is_json and bool(SECTION_NAME.match(p.name)),
           lambda source, p, _problems: list(read_section(source, PurePosixPath(p.path).stem, p.text))),
)
# the names of the input formats, for the build report and the error messages: derived, never listed twice
FORMATS = tuple(sorted(f.name for f in READERS))


def detect(path: str, text: str) -> tuple[Format, Probe]:
    """The format of a decoded file and what was learnt telling it, or an InputError saying why none fits."""
    probe = Probe(path, text)
    if text.lstrip()[:1] in "{[":
        try:
            probe.json, probe.is_json = json.loads(text), True
        except json.JSONDecodeError as exc:
            raise InputError(path, f"invalid or truncated JSON: {exc.msg} at line {exc.lineno} "
                                   f"column {exc.colno}") from exc
        except RecursionError as exc:
            raise InputError(path, "JSON nested too deep to be a report or a decision record") from exc
        if _SURROGATE_ESCAPE.search(text):
            probe.json = _without_surrogates(probe.json)
    for fmt in READERS:
        if fmt.detect(probe):
            return fmt, probe
    if probe.is_json:
        data = probe.json
        keys = ", ".join(sorted(map(str, data))[:6]) if isinstance(data, dict) else type(data).__name__
        raise InputError(path, f"JSON that is neither a report (heading, body, references) nor a decision "
                               f"record (type, id, attributes): found {keys}")
    if probe.has_heading:
        raise InputError(path, "Markdown with neither citations [n] nor a 'Referenties' list: not a report")
    raise InputError(path, "unrecognised content: not a report, a decision, a coalition-agreement section "
                           "or report metadata (a decision text needs a YYYY-MM-DD-{nota|mededeling}-ID.txt name)")


def read_bytes(path: str, data: bytes) -> ReadResult:
    """Read one input file's bytes into documents. Never raises for bad input: it reports problems."""
    result = ReadResult(path)
    try:
        text, result.problems = decode(path, data)
        fmt, probe = detect(path, text)
        source = Source(path, hashlib.sha256(data).hexdigest(), fmt.name)
        result.documents = fmt.read(source, probe, result.problems)
        result.format = fmt.name
    except InputError as exc:
        result.problems.append(Problem(exc.path, exc.problem, skipped=True))
        result.documents = []
    return result


"""Files larger than this are skipped with a problem, never read whole (``kgbuild build --max-file-size``)."""


def _walk(root: str, problems: list[Problem]) -> Iterator[tuple[str, str, bool]]:
    """(path, path relative to root, is a link) of every file under ``root``, hidden names left out.

    Linked folders are not followed (as ``Path.rglob`` does not); a dangling or looping link is kept, so
    that it is reported as unreadable rather than dropped in silence. A folder that cannot be listed
    (no permission, a path too long) is a problem, not a silent gap. ``os.scandir`` tells file, folder and
    link apart without a system call per entry: 65 s against 6 s for 684,000 files.
    """
    stack = [(root, "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError as exc:
            problems.append(Problem(_shown(prefix.rstrip("/") or root),
                                    f"folder not read: {exc.strerror or exc}", skipped=True))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            rel = prefix + entry.name
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
                is_file = not is_dir and entry.is_file()
            except OSError:  # a link that loops: reading it reports the problem
                is_dir, is_file = False, False
            if is_dir:
                stack.append((entry.path, rel + "/"))
            elif is_file or entry.is_symlink():
                yield entry.path, rel, entry.is_symlink()


def _shown(path: str) -> str:
    """A path as text that can be printed and stored: bytes that are not UTF-8 are shown as \\xNN."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def find_inputs(paths: Iterable[str | Path], problems: list[Problem] | None = None) -> Iterator[tuple[Path, str]]:
    """Every file under the given paths, as (path, path relative to its argument), sorted and once.

    A file reached twice (through two arguments, or a link) is listed once, by its real path. Folders that
    cannot be listed and file names that are not UTF-8 are added to ``problems`` (skipped), not listed.
    """
    problems = [] if problems is None else problems
    seen: set[bytes] = set()  # digests of real paths: a tenth of the memory of the paths themselves
    found: list[tuple[str, str]] = []
    for arg in paths:
        root = Path(arg)
        if not root.exists() and not root.is_symlink():
            raise UsageError(f"{_shown(str(arg))}: no such file or directory")
        if not root.is_dir():
            candidates: Iterable[tuple[str, str, bool]] = [(str(root), root.name, True)]
        else:
            candidates = _walk(str(root), problems)
        real_root = os.path.realpath(root)
        for path, rel, link in candidates:
            if _shown(rel) != rel:
                problems.append(Problem(_shown(rel), "file name is not valid UTF-8; rename the file", skipped=True))
                continue
            # below a root no folder is a link (they are not followed): only a linked file needs resolving
            real = os.path.realpath(path) if link else os.path.join(real_root, rel)
            digest = hashlib.blake2b(real.encode("utf-8", "surrogateescape"), digest_size=16).digest()
            if digest not in seen:
                seen.add(digest)
                found.append((rel, path))
    found.sort()
    for rel, path in found:
        yield Path(path), rel


def read_limited(path: Path, rel: str, max_bytes: int = MAX_INPUT_BYTES) -> bytes | ReadResult:
    """The file's bytes, or a skipped ReadResult when it cannot be read or is over ``max_bytes``.

    At most ``max_bytes + 1`` bytes are read, so a huge file (or a device that never ends) costs nothing.
    """
    try:
        with path.open("rb") as f:
            data = f.read(max_bytes + 1)
    except OSError as exc:
        return ReadResult(rel, problems=[Problem(rel, f"unreadable: {exc.strerror or exc}", skipped=True)])
    if len(data) > max_bytes:
        return ReadResult(rel, problems=[Problem(
            rel, f"larger than the limit of {max_bytes:,} bytes (--max-file-size); not read", skipped=True)])
    return data


def read_file(path: Path, rel: str, max_bytes: int = MAX_INPUT_BYTES) -> ReadResult:
    """Read and parse one file; an unreadable or oversized file becomes a skipped problem."""
    data = read_limited(path, rel, max_bytes)
    return data if isinstance(data, ReadResult) else read_bytes(rel, data)


__all__ = ["FORMATS", "MAX_INPUT_BYTES", "ReadResult", "decode", "detect", "find_inputs", "read_bytes", "read_file",
           "read_limited", "report_key"]
