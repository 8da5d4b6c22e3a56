"""Text normalisation that keeps offsets into the original text, and key/slug helpers."""

from __future__ import annotations

import re
import unicodedata
import urllib.parse
from array import array
from collections.abc import Iterator
from dataclasses import dataclass

import pyoxigraph

# Characters the scraper left in the texts that carry no meaning.
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
# Every character Python calls white space (no-break, thin and ideographic spaces, line separators ...):
# the same set as the regex class \s, so the money parser's patterns and this normalisation agree.
_SPACES = frozenset(chr(c) for c in range(0x3001) if chr(c).isspace())


@dataclass(frozen=True)
class Normalized:
    """A normalised text and, for each of its characters, the offset of that character in the original."""

    text: str
    offsets: array  # type: ignore[type-arg]
    original_length: int

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map the span [start, end) of the normalised text onto the original text."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span {start}-{end} outside the text of length {len(self.text)}")
        if start == end:
            o = self.offsets[start] if start < len(self.text) else self.original_length
            return o, o
        return self.offsets[start], self.offsets[end - 1] + 1


_GAP_CHARS = "".join(sorted(_INVISIBLE | _SPACES))
# A run of dropped or folded characters other than one plain space, which already is what it becomes: the loop
# below runs once per such run (a few per text), not once per character or word. Linear: each alternative
# starts with a different kind of character, and a run ends at the first kept character.
_IRREGULAR = re.compile(f" [{_GAP_CHARS}]+|[{''.join(sorted((_INVISIBLE | _SPACES) - {' '}))}][{_GAP_CHARS}]*")
_EDGE_START = re.compile(f"[{_GAP_CHARS}]+")
_SPACE_IN = re.compile(f"[{''.join(sorted(_SPACES))}]")


def _pieces(original: str) -> Iterator[tuple[int, int, int]]:
    """The kept stretches of ``original`` as (start, end, offset of the space before it or -1); a stretch may
    hold single plain spaces, which stay as they are."""
    pos, space, end = 0, -1, len(original)
    if (m := _EDGE_START.match(original)) is not None:
        pos = m.end()
    while end > pos and original[end - 1] in _GAP_CHARS:
        end -= 1
    for m in _IRREGULAR.finditer(original, pos, end):
        if m.start() > pos:
            yield pos, m.start(), space
            space = -1
        if space < 0 and (s := _SPACE_IN.search(original, m.start(), m.end())) is not None:
            space = s.start()
        pos = m.end()
    if pos < end:
        yield pos, end, space


def normalize(original: str) -> Normalized:
    """Drop zero-width characters, fold every run of white space into one space, strip the ends."""
    out: list[str] = []
    offsets = array("l")
    for start, end, space in _pieces(original):
        if space >= 0 and out:
            out.append(" ")
            offsets.append(space)
        out.append(original[start:end])
        offsets.extend(range(start, end))
    return Normalized("".join(out), offsets, len(original))


def clean(text: str) -> str:
    """The normalised text alone."""
    out: list[str] = []
    for start, end, space in _pieces(text):
        if space >= 0 and out:
            out.append(" ")
        out.append(text[start:end])
    return "".join(out)


def slug(value: str) -> str:
    """A lower-case ASCII key for an IRI: letters, digits, dots and single hyphens."""
    folded = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii").lower()
    folded = re.sub(r"[^a-z0-9.]+", "-", folded)
    folded = re.sub(r"-{2,}", "-", folded).strip("-.")
    return folded or "x"


_IRI_SCHEME = re.compile(r"(?<![A-Za-z0-9+.\-])[A-Za-z][A-Za-z0-9+.\-]*:")
# RFC 3987 allows these unencoded; everything else (space, quotes, <>{}|\\^`, controls) is percent-encoded
_STRAY_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_IRI_SAFE = "!#$%&'()*+,-./:;=?@[]_~"


def safe_iri(value: str) -> tuple[str | None, str | None]:
    """``value`` as an IRI an RDF writer accepts: (iri, None) when fine, (encoded iri, warning) when characters
    had to be percent-encoded, (None, warning) when it is no absolute IRI at all (no scheme)."""
    value = value.strip()
    if not _IRI_SCHEME.match(value):
        return None, f"{value[:80]!r} is not an absolute IRI; left out"
    escaped = _STRAY_PERCENT.sub("%25", value)  # a '%' that starts no escape is a character of its own
    encoded = urllib.parse.quote(escaped, safe=_IRI_SAFE + "".join(c for c in set(escaped) if ord(c) > 0x9F
                                                                     and not 0xD800 <= ord(c) <= 0xDFFF))
    try:
        pyoxigraph.NamedNode(encoded)  # the writers' own check: what it refuses is left out, not written
    except ValueError:
        return None, f"{value[:80]!r} is not a valid IRI, even percent-encoded; left out"
    if encoded == value:
        return value, None
    return encoded, f"{value[:80]!r} is not a valid IRI; written percent-encoded as {encoded[:80]!r}"


# C0 controls but tab and newline, DEL, C1 controls (ESC, CSI, OSC ... start terminal commands), and the
# bidirectional overrides that reorder what a terminal shows
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` safe to print to a terminal: control characters that could move the cursor, retitle the
    window or clear the screen are dropped (a title "\\x1b]0;pwned\\x07" prints as "]0;pwned")."""
    return _CONTROLS.sub("", text)
