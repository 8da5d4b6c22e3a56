"""Readers for decisions: the clean text files and the API records, plus the title splitter they share."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterator
from typing import Any, cast

from ..errors import InputError
from ..model import RANK_API, RANK_TEXT, DecisionFacts, DecisionKind, Mandatee, Meeting, Problem, Source
from ..text import clean, safe_iri

ID_PATTERN = r"[0-9A-Fa-f]{24}|[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"
DECISION_NAME = re.compile(
    rf"(?P<date>\d{{4}}-\d{{2}}-\d{{2}})-(?P<kind>nota|mededeling)-(?P<id>{ID_PATTERN})\.txt$", re.IGNORECASE
)
ID_RE = re.compile(rf"^(?:{ID_PATTERN})$")
# a mandatee id as the API gives it (24 hex digits, or a UUID); anything else is not kept
MANDATEE_ID_RE = re.compile(ID_PATTERN)

# Openings of the formal title of a decision ("Ontwerpbesluit van de Vlaamse Regering ...").
_FORMAL = re.compile(
    r"\b(?:(?:Twee|Drie|Vier|Vijf)\s+)?(?:[A-Z]\.\s+)?(?:"
    r"(?:[Vv]oor)?[Oo]ntwerp(?:en)?(?:besluit(?:en)?|decreet|decreten|\s+van\s+\w+)"
    r"|[Bb]esluit(?:en)?\s+van\s+de\s+Vlaamse\s+Regering"
    r"|[Ww]ijziging\s+van\s+het\s+besluit\s+van\s+de\s+Vlaamse\s+Regering"
    r")"
)


def parse_decision_name(name: str) -> tuple[str, dt.date, DecisionKind] | None:
    """Id, date and kind from ``YYYY-MM-DD-{nota|mededeling}-ID.txt`` (any folder before it)."""
    m = DECISION_NAME.search(name)
    if not m:
        return None
    try:
        date = dt.date.fromisoformat(m["date"])
    except ValueError:
        return None
    return m["id"], date, cast(DecisionKind, m["kind"].lower())


def split_title(text: str, known_title: str | None = None) -> tuple[str | None, str | None]:
    """Split a decision text into its short title and its formal title, as well as it can be told.

    The clean texts are ``title + " " + formal title + "  " + summary``; the doubled space that ends
    the formal title survives in the original text, so it is looked for there.
    """
    title: str | None = None
    rest_start = 0
    if known_title:
        kt = clean(known_title)
        if clean(text).startswith(kt):
            title = kt
            rest_start = _advance_past(text, kt)
    rest = text[rest_start:]
    m = _FORMAL.search(rest[:600])
    formal: str | None = None
    if m:
        before = clean(rest[: m.start()])
        end = min(_double_space(rest, m.start()), m.start() + 2000)  # a longer one is dropped below anyway
        formal = clean(rest[m.start() : end]) or None
        if title is None and before:
            title = _drop_repeated_tail(before)
        elif title is None:  # the title itself reads like a formal one: it runs to the doubled space
            title, formal = _drop_repeated_tail(formal or "") or None, None
    elif title is None:
        first = clean(rest[: min(_double_space(rest, 0), 2000)])  # the tail search is quadratic in words
        title = _drop_repeated_tail(first) or None
    if title and len(title) > 400:
        title = title[:400].rsplit(" ", 1)[0] + " …"
    if formal and len(formal) > 600:
        formal = None
    return title, formal


def _advance_past(text: str, prefix: str) -> int:
    """Offset in ``text`` just after the normalised ``prefix`` (white space and invisibles skipped)."""
    i = j = 0
    while j < len(prefix) and i < len(text):
        if text[i] == prefix[j]:
            j += 1
        i += 1
    return i


_DOUBLE_SPACE = re.compile(r"(?<!\s)\s{2,}\S")  # the look-behind: one try per run of spaces, not one per space


def _double_space(text: str, start: int) -> int:
    m = _DOUBLE_SPACE.search(text, start)
    return m.start() if m else len(text)


def _drop_repeated_tail(segment: str) -> str:
    """Cut the alternative title that follows a short title.

    ``"Plan X: Foo Bar Foo Bar"`` ends in a copy of its tail; ``"Plan X: Foo bar baz Foo bar qux"`` repeats
    the first two words after the colon, capitalised, where the alternative title starts.
    """
    words = segment.split(" ")
    for k in range(len(words) // 2, 0, -1):
        left, right = " ".join(words[:-k]), " ".join(words[-k:])
        if left.endswith(right) and len(left) > len(right):
            return left
    head, sep, tail = segment.partition(": ")
    lead = tail.split(" ")[:2]
    if sep and len(lead) == 2 and len(lead[0]) > 2:
        probe = " ".join(lead).lower()
        for m in re.finditer(r"(?<= )[A-ZÀ-Ý]", tail):
            if m.start() > len(probe) and tail[m.start():m.start() + len(probe)].lower() == probe:
                return f"{head}: {tail[: m.start()].rstrip()}"
    return segment


def read_decision_text(source: Source, name: str, text: str) -> Iterator[DecisionFacts]:
    """A clean decision text: id, date and kind from the file name, title and text from the content."""
    parsed = parse_decision_name(name)
    if parsed is None:
        raise InputError(
            source.path,
            "plain text with no decision id in its name (expected YYYY-MM-DD-{nota|mededeling}-ID.txt)",
        )
    ident, date, kind = parsed
    title, formal = split_title(text)
    yield DecisionFacts(
        id=ident, source=source, date=date, kind=kind, title=title, formal_title=formal,
        text=text, rank=RANK_TEXT,
    )


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def html_to_text(value: Any) -> str:
    """Plain text of the API's htmlContent, which is a string, a list of strings or null."""
    parts = [p for p in _as_list(value) if isinstance(p, str)]
    raw = "\n".join(parts)
    raw = re.sub(r"<!--.*?-->", " ", raw, flags=re.S)
    raw = re.sub(r"<(?:br|/p|/li|/div|/h\d)\b[^>]*>", "\n", raw, flags=re.I)
    raw = re.sub(r"<[^>]+>", "", raw)
    return clean(html.unescape(raw))


def read_decision_record(source: Source, data: dict[str, Any], problems: list[Problem] | None = None
                         ) -> Iterator[DecisionFacts]:
    """An API record (``document.json``, type news-item); an invalid ``uri`` is encoded or left out, with a problem."""
    attrs = data.get("attributes")
    if not isinstance(attrs, dict):
        raise InputError(source.path, "decision record without an 'attributes' object")
    ident = data.get("id") or attrs.get("uuid")
    if not isinstance(ident, str) or not ID_RE.match(ident.strip()):
        raise InputError(source.path, f"decision record with an invalid id {ident!r} (24 hex digits or a UUID)")
    meeting: Meeting | None = None
    date: dt.date | None = None
    md = attrs.get("meetingDate")
    if isinstance(md, str) and md:
        try:
            start = dt.datetime.fromisoformat(md.replace("Z", "+00:00"))
        except ValueError as exc:
            raise InputError(source.path, f"meetingDate {md!r} is not an ISO date-time") from exc
        date = start.date()
        mid = attrs.get("meetingId")
        if isinstance(mid, str) and mid.strip():
            meeting = Meeting(mid.strip(), start)
    kind_raw = str(attrs.get("agendaitemType") or "").strip().lower()
    kind: DecisionKind | None = cast(DecisionKind, kind_raw) if kind_raw in ("nota", "mededeling") else None
    firsts = _as_list(attrs.get("mandateeFirstNames"))
    families = _as_list(attrs.get("mandateeFamilyNames"))
    titles = _as_list(attrs.get("mandateeTitles"))
    ids = _as_list(attrs.get("mandateeIds"))
    ids = [i if isinstance(i, str) and MANDATEE_ID_RE.fullmatch(i.strip()) else None for i in ids]
    mandatees = tuple(
        Mandatee(clean(str(f)), clean(str(n)), clean(str(t)) if t else None, i.strip() if i else None)
        for f, n, t, i in zip(firsts, families, titles + [None] * (len(firsts) - len(titles)),
                              ids + [None] * (len(firsts) - len(ids)), strict=False)
        if f and n
    )
    title = clean(str(attrs.get("title") or "")) or None
    formal = clean(str(attrs.get("alternativeTitle") or "")) or None
    body = html_to_text(attrs.get("htmlContent"))
    text = " ".join(p for p in (title, formal, body) if p) or None
    uri = attrs.get("uri")
    themis: str | None = None
    if isinstance(uri, str) and uri.strip():
        themis, warning = safe_iri(uri)
        if warning and problems is not None:
            problems.append(Problem(source.path, f"uri {warning}"))
    yield DecisionFacts(
        id=ident.strip(), source=source, date=date, kind=kind, title=title, formal_title=formal, text=text,
        themis_uri=themis, meeting=meeting,
        mandatees=mandatees,
        theme_ids=tuple(sorted({str(t) for t in _as_list(attrs.get("themeId")) if t})),
        rank=RANK_API,
    )
