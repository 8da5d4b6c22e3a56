"""Readers for evaluation reports: Markdown (the seed's format) and the JSON form of the same report."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import InputError
from ..model import RANK_REPORT_JSON, RANK_REPORT_MD, Claim, DecisionFacts, Problem, Reference, Report, Source
from ..text import clean, safe_iri
from .decision import parse_decision_name, split_title

# one greedy group, trimmed in heading_text(): "(.*?)\s*#*\s*$" backtracks cubically on a line of spaces
HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
BOLD_HEADING = re.compile(r"^\*\*([^*]{2,120})\*\*\s*:?\s*$")
PSEUDO_HEADING = re.compile(r"^(Samenvatting|Inleiding|Conclusies?|Algemene bevindingen)\b[^.!?\[\]]{0,80}$", re.I)
BULLET = re.compile(r"^(\s*(?:[-*+•]|\d+[.)])\s+)(.*)$")
REF_HEADING = re.compile(r"^#{1,6}\s+Referenties\b", re.M | re.I)
CITE = re.compile(r"\\?\[(\d+)\\?\](?!\()")
REF_LINE = re.compile(r"^\s*\\?\[(\d+)\\?\]\s*:\s*(.*)$")
# A sentence ends at . ! or ? (and the citations right after it) before white space and a capital.
SENTENCE_END = re.compile(r"[.!?](?:\s*\\?\[\d+\\?\])*(?=\s+[\"'‘“(\dA-ZÀ-Ý]|\s*$)")
CONCLUSION_LABEL = re.compile(r"^[\s*]*Conclusies?(?:[\s*]*:)?[\s*]*", re.I)  # one class: no backtracking



def heading_text(m: re.Match[str]) -> str:
    """The text of a HEADING match without the closing hashes and spaces ("## Title ##" -> "Title")."""
    return m.group(2).rstrip().rstrip("#").rstrip()


def strip_markdown(text: str) -> str:
    """Claim text without citation markers, emphasis, links or code marks."""
    text = CITE.sub("", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(\*\*|__|`)", "", text)
    text = re.sub(r"(?<!\w)[*_](\S[^*_]*?)[*_](?!\w)", r"\1", text)
    text = clean(text)
    return re.sub(r"\s+([.,;:!?)])", r"\1", text)


_EMPHASIS = re.compile(r"\*\*([^*]+?)\*\*|__([^_]+?)__|(?<![\w*])\*(\S[^*]*?)\*(?![\w*])")


def emphasis(text: str) -> tuple[str, ...]:
    """The phrases set in bold or italics, without their marks."""
    found = (strip_markdown(next(g for g in m.groups() if g)) for m in _EMPHASIS.finditer(text))
    return tuple(dict.fromkeys(f for f in found if f))


def citations(text: str) -> tuple[int, ...]:
    """The reference numbers a text cites, each once, in order of first citation."""
    return tuple(dict.fromkeys(int(n) for n in CITE.findall(text)))


@dataclass
class ParsedBody:
    title: str | None = None
    summary: list[str] = field(default_factory=list)
    conclusion: list[str] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    ref_files: dict[int, str] = field(default_factory=dict)
    ref_texts: dict[int, str] = field(default_factory=dict)


def parse_body(text: str) -> ParsedBody:
    """Walk a report's Markdown line by line: headings, claims, summary, conclusion, reference lists.

    A claim is a bullet or a sentence that cites references. Citations on a heading (``## EPC \\[16\\]``)
    cover the section: its bullets and paragraphs that cite nothing themselves are claims with the
    heading's citations, and a cited heading with nothing under it is a claim itself.
    """
    out = ParsedBody()
    mode = "body"
    theme: str | None = None
    first_para: list[str] = []
    seen_subheading = False
    offset = 0
    last_ref: int | None = None
    head: tuple[str, tuple[int, ...], int, int] | None = None  # a cited heading not yet used
    head_used = False

    def close_heading() -> None:
        if head is not None and not head_used:
            out.claims.append(Claim(head[0], head[1], head[0], head[2], head[3]))

    for line in text.splitlines(keepends=True):
        start, offset = offset, offset + len(line)
        content = line.rstrip("\r\n")
        if not content.strip():
            continue
        h = HEADING.match(content) or BOLD_HEADING.match(content.strip())
        heading = None
        level = 2
        if h and h.re is HEADING:
            level, heading = len(h.group(1)), strip_markdown(heading_text(h))
        elif h:
            heading = strip_markdown(h.group(1))
        elif mode == "body" and PSEUDO_HEADING.match(content.strip()) and not CITE.search(content):
            heading = strip_markdown(content)
        if heading is not None:
            close_heading()
            head, head_used = None, False
            low = heading.lower()
            if low.startswith("referenties") or low.startswith("bronnen"):
                mode = "texts" if ("full" in low or "tekst" in low) else "files"
                last_ref = None
                continue
            mode = "body"
            if level == 1 and out.title is None:
                out.title = heading
            else:
                theme = heading
                seen_subheading = True
                cites = citations(content)
                if cites and heading:
                    lead = len(content) - len(content.lstrip("# "))
                    head = (heading, cites, start + lead, start + len(content.rstrip()))
            continue
        if mode != "body":
            r = REF_LINE.match(content)
            target = out.ref_files if mode == "files" else out.ref_texts
            if r:
                last_ref = int(r.group(1))
                target[last_ref] = r.group(2).strip()
            elif last_ref is not None and mode == "texts":
                target[last_ref] = target[last_ref] + " " + content.strip()
            continue
        bullet = BULLET.match(content)
        label = (theme or "").lower()
        if bullet:
            body_start = start + len(bullet.group(1))
            item = bullet.group(2)
            cites = citations(item) or (head[1] if head else ())
            if cites:
                head_used = head_used or head is not None
                out.claims.append(
                    Claim(strip_markdown(item), cites, theme or out.title, body_start,
                          body_start + len(item.rstrip()), emphasis(item))
                )
            continue
        para = strip_markdown(content)
        conc = CONCLUSION_LABEL.match(content)
        if conc and conc.end() < len(content):
            out.conclusion.append(strip_markdown(content[conc.end():]))
        elif label.startswith("conclusie"):
            out.conclusion.append(para)
        elif label.startswith("samenvatting"):
            out.summary.append(para)
        elif not seen_subheading:
            first_para.append(para)
        if head is not None and not citations(content):
            head_used = True
            lead = len(content) - len(content.lstrip())
            out.claims.append(Claim(para, head[1], theme, start + lead, start + len(content.rstrip()),
                                    emphasis(content)))
            continue
        for s_start, s_end in _sentences(content):
            sentence = content[s_start:s_end]
            cites = citations(sentence)
            if cites:
                out.claims.append(Claim(strip_markdown(sentence), cites, theme or out.title, start + s_start,
                                        start + s_end, emphasis(sentence)))
    close_heading()
    if not out.summary and first_para:
        out.summary = first_para[:1]
    return out


def _sentences(line: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = len(line) - len(line.lstrip())
    for m in SENTENCE_END.finditer(line):
        if m.end() > pos:
            spans.append((pos, m.end()))
            rest = line[m.end():]
            pos = m.end() + len(rest) - len(rest.lstrip())
    if pos < len(line.rstrip()):
        spans.append((pos, len(line.rstrip())))
    return spans


def _reference(report: Source, n: int, file: str | None, text: str | None, rank: int,
               extra: dict[str, Any], problems: list[Problem]) -> Reference | None:
    if not file:
        problems.append(Problem(report.path, f"reference [{n}] names no decision file; its text cannot be placed"))
        return None
    parsed = parse_decision_name(file)
    if parsed is None:
        problems.append(Problem(report.path, f"reference [{n}] names {file!r}, not a decision file "
                                             "(YYYY-MM-DD-{nota|mededeling}-ID.txt)"))
        return None
    ident, date, kind = parsed
    if not (text or "").strip():
        problems.append(Problem(report.path, f"reference [{n}] ({ident}) has no text"))
        text = None
    source_title = clean(str(extra.get("source_title") or "")) or None
    title, formal = split_title(text, source_title) if text else (source_title, None)
    url = extra.get("source_url")
    declared = extra.get("date")
    if isinstance(declared, str) and declared and declared != date.isoformat():
        problems.append(Problem(report.path, f"reference [{n}] ({ident}) is dated {declared} but its file "
                                             f"name says {date.isoformat()}; keeping the file name's date"))
    source_url: str | None = None
    if isinstance(url, str) and url.strip():
        source_url, warning = safe_iri(url)
        if warning:
            problems.append(Problem(report.path, f"reference [{n}] ({ident}) source_url {warning}"))
    facts = DecisionFacts(
        id=ident, source=report, date=date, kind=kind, title=title, formal_title=formal, text=text,
        source_url=source_url, rank=rank,
    )
    return Reference(n, facts)


def _assemble(key: str, source: Source, body: ParsedBody, title: str | None, rank: int,
              refs: dict[int, tuple[str | None, str | None, dict[str, Any]]]) -> tuple[Report, list[Problem]]:
    problems: list[Problem] = []
    report = Report(key=key, source=source, title=title or body.title,
                    summary=" ".join(body.summary) or None, conclusion=" ".join(body.conclusion) or None)
    for n in sorted(refs):
        file, text, extra = refs[n]
        ref = _reference(source, n, file, text, rank, extra, problems)
        if ref is not None:
            report.references[n] = ref
    report.claims = list(body.claims)
    return report, problems


def read_report_markdown(source: Source, key: str, text: str) -> tuple[Report, list[Problem]]:
    """A report in Markdown: claims from bullets and cited sentences, references from both lists."""
    body = parse_body(text)
    numbers = set(body.ref_files) | set(body.ref_texts)
    refs: dict[int, tuple[str | None, str | None, dict[str, Any]]] = {
        n: (body.ref_files.get(n), body.ref_texts.get(n), {}) for n in numbers
    }
    return _assemble(key, source, body, None, RANK_REPORT_MD, refs)


def read_report_json(source: Source, key: str, data: dict[str, Any]) -> tuple[Report, list[Problem]]:
    """A report as JSON (``heading``, ``body``, ``references``); an empty heading falls back to the body's."""
    body_text = data.get("body")
    if not isinstance(body_text, str):
        raise InputError(source.path, "report JSON whose 'body' is not a string")
    raw_refs = data.get("references") or {}
    if not isinstance(raw_refs, dict):
        raise InputError(source.path, "report JSON whose 'references' is not an object")
    heading = strip_markdown(str(data.get("heading") or "").lstrip("#")) or None
    body = parse_body(body_text)
    refs: dict[int, tuple[str | None, str | None, dict[str, Any]]] = {}
    problems: list[Problem] = []
    for k, v in raw_refs.items():
        if not str(k).strip().isdigit() or not isinstance(v, dict):
            problems.append(Problem(source.path, f"reference {k!r} is not a numbered object; ignored"))
            continue
        refs[int(k)] = (v.get("s3_filename_clean"), v.get("s3_clean_content"), v)
    report, more = _assemble(key, source, body, heading, RANK_REPORT_JSON, refs)
    return report, problems + more
