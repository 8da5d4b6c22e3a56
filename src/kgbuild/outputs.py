"""What a build leaves in its output folder, written so that a reader never sees half of it.

* Every file is written to a temporary name in the same folder and renamed when complete; on failure
  (disk full, read-only folder) the temporaries are removed and one ``OutputError`` line says why.
* A build holds ``OUT/.kgbuild.lock`` (``flock``): a second build into the same folder is refused.
* ``OUT/manifest.json`` is removed when a build starts and written last, listing every file the build
  wrote with its size and SHA-256, the build id and the counts. The store carries the same build id in
  ``store/KGBUILD_BUILD``. ``check_output`` (used by query, load, serve and viz) refuses a folder whose
  manifest is missing, incomplete or does not match what is there: a build killed while writing, or two
  builds that mixed their files, can no longer be read as one.
* A build deletes only files that an earlier build listed in its manifest: never a file it did not write.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from ._version import __version__
from .errors import KgbuildError

MANIFEST = "manifest.json"
LOCK = ".kgbuild.lock"
STORE_MARK = "KGBUILD_BUILD"  # inside the store folder: RocksDB leaves files it does not know alone


class OutputError(KgbuildError):
    """An output that cannot be written, or an output folder that is locked, incomplete or mixed."""


def _one_line(exc: BaseException) -> str:
    return " ".join(str(getattr(exc, "strerror", None) or exc).split())


def atomic_write(path: Path, data: bytes | Callable[[BinaryIO], None]) -> None:
    """Write ``data`` (bytes, or a function that writes them to a file) to ``path`` through a temporary file
    in the same folder and a rename."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as f:
            if callable(data):
                data(f)
            else:
                f.write(data)
            f.flush()
            os.fsync(f.fileno())
        tmp.replace(path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise OutputError(f"{path}: cannot write: {_one_line(exc)}") from exc


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with Path(path).open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@contextlib.contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold the output folder's lock for the body; OutputError when another build holds it."""
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
        handle = (out / LOCK).open("a+b")
    except OSError as exc:
        raise OutputError(f"{out}: cannot write to the output folder: {_one_line(exc)}") from exc
    try:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            raise OutputError(f"{out}: another kgbuild build is writing to this folder; wait for it or use "
                              "another -o") from exc
        yield
    finally:
        handle.close()  # closing releases the lock; the empty lock file stays (removing it would race)


@dataclass
class Manifest:
    """What a complete build wrote: files (relative path -> size and sha256), its id and counts."""

    build: str
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    store: str | None = None  # relative path of the store folder

    def as_json(self) -> bytes:
        data = {"kgbuild": __version__, "complete": True, "build": self.build, "store": self.store,
                "counts": self.counts, "files": dict(sorted(self.files.items()))}
        return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def read_manifest(out: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((Path(out) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def begin(out: Path) -> list[str]:
    """Start a build in ``out`` (the lock held): drop the manifest, so a build killed from here on leaves a
    folder readers refuse; return the files the previous build listed (the only ones that may be deleted)."""
    previous = read_manifest(out)
    try:
        (Path(out) / MANIFEST).unlink(missing_ok=True)
    except OSError as exc:
        raise OutputError(f"{out / MANIFEST}: cannot remove: {_one_line(exc)}") from exc
    if previous is None:
        return []
    files = [str(f) for f in previous.get("files", {}) if isinstance(f, str)]
    store = previous.get("store")
    return files + ([store] if isinstance(store, str) else [])


def remove_stale(out: Path, previous: Iterable[str], kept: Iterable[str]) -> None:
    """Delete what the previous build wrote and this one did not (a graph in another format, old parts)."""
    out = Path(out).resolve()
    keep = set(kept)
    for rel in previous:
        if rel in keep:
            continue
        path = (out / rel).resolve()
        if out not in path.parents:  # a manifest edited to point outside: never follow it
            continue
        with contextlib.suppress(OSError):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
            # the folders (parts/, site/data/r/person/ ...) this build emptied of what a build wrote, up to OUT: a
            # site left as empty folders without its mark would make the next build refuse the folder
            parent = path.parent
            while parent != out and out in parent.parents and not any(parent.iterdir()):
                parent.rmdir()
                parent = parent.parent


def finish(out: Path, files: Iterable[str], counts: Mapping[str, int], store: str | None,
           known: Mapping[str, str] | None = None) -> Manifest:
    """Write the store's build mark and, last, the manifest of ``files`` (relative to ``out``).

    The build id is a digest of the files' digests: the same outputs give the same id. ``known``: digests the
    caller already holds for files it has just placed (from the cache's checked index), not read again.
    """
    known = known or {}
    out = Path(out)
    manifest = Manifest("", counts=dict(counts), store=store)
    ids = hashlib.sha256()
    try:
        for rel in sorted(set(files)):
            path = out / rel
            digest = known.get(rel) or sha256_file(path)
            manifest.files[rel] = {"bytes": path.stat().st_size, "sha256": digest}
            ids.update(f"{rel}\0{digest}\n".encode())
    except OSError as exc:
        raise OutputError(f"{out}: cannot read back what the build wrote: {_one_line(exc)}") from exc
    manifest.build = ids.hexdigest()[:32]
    if store is not None:
        atomic_write(out / store / STORE_MARK, manifest.build.encode() + b"\n")
    atomic_write(out / MANIFEST, manifest.as_json())
    return manifest


def check_output(out: Path, *, files: Iterable[str] = (), store: bool = False) -> dict[str, Any]:
    """The manifest of the complete build in ``out``; OutputError when there is none or it does not match.

    ``files`` (relative paths) must be listed with their size; ``store`` checks the store's build mark.
    """
    out = Path(out)
    manifest = read_manifest(out)
    if manifest is None or manifest.get("complete") is not True or not isinstance(manifest.get("files"), dict):
        raise OutputError(f"{out}: no complete build here ({MANIFEST} is missing: the build was interrupted, is "
                          "still running, or was made by an older kgbuild); run kgbuild build again")
    listed: dict[str, Any] = manifest["files"]
    for rel in files:
        entry = listed.get(rel)
        path = out / rel
        if not isinstance(entry, dict):
            raise OutputError(f"{path}: not written by the build that {out / MANIFEST} describes; rebuild")
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise OutputError(f"{path}: listed in {MANIFEST} but {_one_line(exc)}; rebuild") from exc
        if size != entry.get("bytes"):
            raise OutputError(f"{path}: changed since the build ({size} bytes, the manifest says "
                              f"{entry.get('bytes')}); rebuild")
    if store:
        store_rel = manifest.get("store")
        mark = None
        if isinstance(store_rel, str):
            with contextlib.suppress(OSError):
                mark = (out / store_rel / STORE_MARK).read_text(encoding="utf-8").strip()
        if mark != manifest.get("build"):
            raise OutputError(f"{out}: the store is not the one the manifest describes (another build's); rebuild")
    return manifest


def check_source(path: Path) -> None:
    """Refuse to read ``path`` (a graph file, a store folder, a parts folder) when it lies in a build folder
    whose build is incomplete or does not match; a file outside any build folder is the user's own: fine."""
    path = Path(path)
    folder = build_folder_of(path)
    if folder is None or not path.exists():
        return  # not in a build folder, or missing: the reader says "no such file"
    if folder == path:  # the build folder itself: a parts folder's parent, or OUT given as such
        check_output(folder)
        return
    rel = path.relative_to(folder)
    manifest = read_manifest(folder) or {}
    if path.is_dir() and str(rel) == manifest.get("store"):
        check_output(folder, store=True)
    elif path.is_dir():
        listed = [f for f in (manifest.get("files") or {}) if Path(f).parent == rel]
        check_output(folder, files=listed)
        extra = sorted(p.name for p in path.iterdir() if p.is_file() and str(rel / p.name) not in listed
                       and p.suffix in (".nt", ".nq", ".ttl", ".trig"))
        if extra:
            raise OutputError(f"{path}: {extra[0]} (and {len(extra) - 1} more) not written by the build that "
                              f"{folder / MANIFEST} describes; remove it or rebuild")
    else:
        check_output(folder, files=[str(rel)])


def place(source: Path, path: Path) -> None:
    """``path`` becomes a hard link to ``source`` (no bytes copied), or a copy where the two are on different
    file systems. Safe because nothing kgbuild writes is changed in place: every output is written beside its
    place and renamed over it, so a later build replaces the link and never writes through it."""
    try:
        os.link(source, path)
    except OSError:
        shutil.copyfile(source, path)


def file_stat(path: Path) -> list[int]:
    """What says a file is unchanged without reading it (as git's index does): size, modification time, inode."""
    st = Path(path).stat()
    return [st.st_size, st.st_mtime_ns, st.st_ino]


def fingerprint(path: Path) -> tuple[str, list[int]]:
    """What ``intact`` checks a file against later: its sha256 and its ``file_stat``."""
    return sha256_file(path), file_stat(path)


def intact(path: Path, digest: str, recorded: Sequence[int] | None) -> bool:
    """``path`` holds the bytes whose sha256 is ``digest``: trusted when its ``file_stat`` is the one
    ``recorded`` when it was written (a rename keeps it), else read and hashed."""
    try:
        return (recorded is not None and file_stat(path) == list(recorded)) or sha256_file(path) == digest
    except OSError:
        return False


def place_file(source: Path, path: Path) -> None:
    """``place`` for one output file, swapped in by a rename as ``atomic_write`` does."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.unlink(missing_ok=True)
        place(source, tmp)
        tmp.replace(path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise OutputError(f"{path}: cannot write: {_one_line(exc)}") from exc


def install_folder(folder: Path, files: Mapping[str, bytes | Path], marker: str | None = None) -> None:
    """Put ``files`` (by path relative to ``folder``: bytes, or a file to ``place``) in ``folder`` as a whole:
    written beside it, then swapped in by two renames, so a reader sees the old folder or the new one. With
    ``marker``, the folder is also given that (empty) file, and an existing folder without it is refused rather
    than replaced: a mistyped ``-o`` never deletes a folder kgbuild did not write."""
    folder = Path(folder)
    if marker and folder.exists() and not (folder / marker).is_file() and (
            not folder.is_dir() or any(folder.iterdir())):
        raise OutputError(f"{folder}: exists and was not written by kgbuild (no {marker} in it); "
                          "choose another folder or remove it")
    fresh = folder.with_name(f".{folder.name}.new-{os.getpid()}")
    old = folder.with_name(f".{folder.name}.old-{os.getpid()}")
    try:
        shutil.rmtree(fresh, ignore_errors=True)
        fresh.mkdir(parents=True)
        made: set[Path] = set()
        for name, data in sorted(files.items()):
            rel = Path(name)
            if rel.is_absolute() or ".." in rel.parts or not rel.parts:
                raise OutputError(f"{folder}: refusing to write {name!r} outside it")
            path = fresh / rel
            if path.parent not in made:
                path.parent.mkdir(parents=True, exist_ok=True)
                made.add(path.parent)
            if isinstance(data, Path):
                place(data, path)
            else:
                path.write_bytes(data)
        if marker:
            (fresh / marker).write_bytes(b"")
        if folder.exists():
            folder.rename(old)
        fresh.rename(folder)
    except OSError as exc:
        shutil.rmtree(fresh, ignore_errors=True)
        raise OutputError(f"{folder}: cannot write: {_one_line(exc)}") from exc
    shutil.rmtree(old, ignore_errors=True)


def build_folder_of(path: Path) -> Path | None:
    """The output folder ``path`` (a graph file, a store or parts folder) belongs to, when it is in one."""
    path = Path(path)
    for folder in (path, path.parent):
        if folder.is_dir() and ((folder / MANIFEST).is_file() or (folder / LOCK).is_file()):
            return folder
    return None


__all__ = ["LOCK", "MANIFEST", "Manifest", "OutputError", "atomic_write", "begin", "build_folder_of",
           "check_output", "check_source", "file_stat", "fingerprint", "finish", "install_folder", "intact", "locked",
           "place", "place_file", "read_manifest", "remove_stale", "sha256_file"]
