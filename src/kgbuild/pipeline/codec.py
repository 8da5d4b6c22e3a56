"""A safe binary form for what kgbuild keeps on disk between steps: the cache and a build's spill files.

Pickle runs code while it loads, and a flipped bit in a pickle crashes the loader (``ModuleNotFoundError``,
``MemoryError``); neither may happen to a file read back from disk. Here values are MessagePack, with a
BLAKE2b checksum in front, and only plain data can come back: None, bool, int, float, str, bytes, list,
dict, and, tagged, tuple, set, frozenset, Counter, Decimal, date, datetime, rdflib IRIs and kgbuild's own
dataclasses, found by name in a closed list of modules. Anything else raises ``CodecError`` on writing;
anything damaged, truncated or unknown raises ``CodecError`` on reading, so a caller can treat it as a miss.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import importlib
from collections import Counter
from decimal import Decimal
from functools import cache, lru_cache
from typing import Any

import msgpack
from rdflib import URIRef

from ..errors import KgbuildError

# modules whose dataclasses may be written and read back; nothing outside them is ever constructed
_MODULES = ("kgbuild.model", "kgbuild.extract", "kgbuild.extract.base", "kgbuild.extract.money.amounts",
            "kgbuild.readers", "kgbuild.entities", "kgbuild.claims", "kgbuild.rdf.validate", "kgbuild.pipeline.rounds",
            "kgbuild.search", "kgbuild.corrections")
_MAGIC = b"KGB1"
_DIGEST = 16
# a decoded container longer than this is damage, not data (a length field with a flipped bit)
_MAX_LEN = 64 * 1024 * 1024

_TUPLE, _SET, _FROZENSET, _COUNTER, _DECIMAL, _DATE, _DATETIME, _DATACLASS, _IRI = range(1, 10)


class CodecError(KgbuildError):
    """A value that cannot be written, or bytes that are not a complete, undamaged kgbuild value."""


@lru_cache(maxsize=1)
def _classes() -> dict[str, type]:
    found: dict[str, type] = {}
    for name in _MODULES:
        module = importlib.import_module(name)
        for value in vars(module).values():
            if isinstance(value, type) and dataclasses.is_dataclass(value) and value.__module__.startswith("kgbuild."):
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return found


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    # dataclasses.fields() builds its answer anew on every call: a tenth of the time of a spill
    return tuple(f.name for f in dataclasses.fields(cls))


def _pack(value: object) -> bytes:
    return msgpack.packb(value, default=_default, use_bin_type=True, strict_types=True)  # type: ignore[no-any-return]


def _default(value: object) -> object:
    if isinstance(value, tuple) and not hasattr(value, "_fields"):
        return msgpack.ExtType(_TUPLE, _pack(list(value)))
    if isinstance(value, frozenset):
        return msgpack.ExtType(_FROZENSET, _pack(sorted(value, key=repr)))
    if isinstance(value, set):
        return msgpack.ExtType(_SET, _pack(sorted(value, key=repr)))
    if isinstance(value, Counter):
        return msgpack.ExtType(_COUNTER, _pack(dict(value)))
    if isinstance(value, dict):  # defaultdict and other dict subclasses come back as plain dicts
        return dict(value)
    if isinstance(value, Decimal):
        return msgpack.ExtType(_DECIMAL, str(value).encode())
    if isinstance(value, dt.datetime):
        return msgpack.ExtType(_DATETIME, value.isoformat().encode())
    if isinstance(value, dt.date):
        return msgpack.ExtType(_DATE, value.isoformat().encode())
    if isinstance(value, URIRef):
        return msgpack.ExtType(_IRI, str(value).encode("utf-8", "surrogatepass"))
    if isinstance(value, str):  # another str subclass: its text
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        cls = type(value)
        name = f"{cls.__module__}.{cls.__qualname__}"
        if _classes().get(name) is not cls:
            raise CodecError(f"cannot store a {name}: not a kgbuild data class")
        fields = [getattr(value, f) for f in _field_names(cls)]
        return msgpack.ExtType(_DATACLASS, _pack([name, fields]))
    raise CodecError(f"cannot store a value of type {type(value).__name__}")


def _ext(code: int, data: bytes) -> object:
    if code == _DECIMAL:
        return Decimal(data.decode())
    if code == _DATE:
        return dt.date.fromisoformat(data.decode())
    if code == _DATETIME:
        return dt.datetime.fromisoformat(data.decode())
    if code == _IRI:
        return URIRef(data.decode("utf-8", "surrogatepass"))
    inner = _unpack(data)
    if code == _TUPLE:
        return tuple(inner)
    if code == _SET:
        return set(inner)
    if code == _FROZENSET:
        return frozenset(inner)
    if code == _COUNTER:
        return Counter(inner)
    if code == _DATACLASS:
        name, fields = inner
        cls = _classes().get(name)
        if cls is None:
            raise CodecError(f"unknown data class {name!r}")
        obj: Any = object.__new__(cls)
        names = _field_names(cls)
        if len(names) != len(fields):
            raise CodecError(f"{name}: {len(fields)} fields stored, {len(names)} expected")
        for field_name, value in zip(names, fields, strict=True):
            object.__setattr__(obj, field_name, value)
        return obj
    raise CodecError(f"unknown tag {code}")


def _unpack(data: bytes) -> Any:
    return msgpack.unpackb(data, ext_hook=_ext, raw=False, strict_map_key=False, use_list=True,
                           max_bin_len=_MAX_LEN, max_str_len=_MAX_LEN, max_array_len=_MAX_LEN,
                           max_map_len=_MAX_LEN, max_ext_len=_MAX_LEN)


def dumps(value: object) -> bytes:
    """``value`` as checksummed bytes; CodecError for a value that is not plain data."""
    try:
        body = _pack(value)
    except (TypeError, ValueError, OverflowError) as exc:
        raise CodecError(f"cannot store the value: {exc}") from exc
    return _MAGIC + hashlib.blake2b(body, digest_size=_DIGEST).digest() + body


def loads(data: bytes) -> Any:
    """The value ``dumps`` wrote; CodecError for damaged, truncated or foreign bytes (never anything else)."""
    if len(data) < len(_MAGIC) + _DIGEST or not data.startswith(_MAGIC):
        raise CodecError("not a kgbuild value (no header)")
    digest, body = data[len(_MAGIC):len(_MAGIC) + _DIGEST], data[len(_MAGIC) + _DIGEST:]
    if hashlib.blake2b(body, digest_size=_DIGEST).digest() != digest:
        raise CodecError("damaged value (checksum mismatch)")
    try:
        return _unpack(body)
    except CodecError:
        raise
    except Exception as exc:  # msgpack raises many types on bad input; all of them mean the same here
        raise CodecError(f"unreadable value: {type(exc).__name__}") from exc


__all__ = ["CodecError", "dumps", "loads"]
