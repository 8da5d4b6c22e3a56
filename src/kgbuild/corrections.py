"""Readers' corrections, and the money ledger across decisions: fixes applied to what the extractors found.

A reader corrects what the machine cannot know in a plain CSV file (``kgbuild-corrections.csv`` in the input
folder, or ``--corrections PATH``). CSV because it opens in any spreadsheet, ``kgbuild review money`` writes
one ready to fill in, it diffs line by line under version control, and it needs no parser beyond the standard
library (YAML would add a dependency and indentation errors for people who never edit code). Columns:

============ =====================================================================================================
decision     the decision's id (24 hex digits or a UUID, any case)
amount       the amount as the decision writes it ("1,2 miljoen euro"; white space is folded); with the id it is
             the key, so a correction survives rebuilds and code changes, and fails loudly when the text changes
claim        for a claim's verdict instead: the claim's IRI (.../rapport/<report>/bewering/<n>, as the site and
             ``kgbuild claims`` show it) or "<report key>#<n>"; decision and amount stay empty
field        what to set: role, value, recipient, funded_item; verdict (of a claim); a row with no field is a
             note and is skipped
value        the new value: a role (committed, earlier, context, loan-or-guarantee ...), an amount in euro
             ("157200000" or "157,2 miljoen euro"), an organisation's or programme's name; a verdict
             (supported, partly supported, unsupported, contradicted, not checkable)
who, date, why   the provenance the graph keeps with the correction (kg:Correction, a prov:Activity)
============ =====================================================================================================

Any other column (the sentence, the role and reason ``review money`` wrote beside it) is ignored. A correction
whose amount the decision no longer has, or whose claim the build does not have, is *stale*: reported in the
build report and on stderr, never silently dropped. A reader's verdict replaces the check's in the graph and
on the site; the review keeps what the check found in its body and names the correction (kg:correctedBy).

The build also makes fixes of its own across decisions (the ledger): a decision that changes
an earlier decision of the build and states the same committed amount restates it, and commits nothing; so does
the definitive approval of a draft regulation whose principle approval (the same formal title, an earlier date)
stated the same committed amount: the Government decided that money once, when it approved the draft.

Pure functions: ``parse_corrections`` reads bytes, ``apply_fixes`` returns new extractions.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import io
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .claims import ClaimCheck
from .extract import Found, Grant, Mention
from .extract.base import CorrectionNote, name_key
from .extract.money.amounts import find_money_and_periods
from .extract.money.roles import ROLES
from .links import OPENING, DecisionLink, decision_links
from .model import Problem, Report, canonical_id
from .rdf.mapping import decision_iri, report_iri
from .rdf.namespaces import ID
from .search import SearchDoc
from .text import clean

FILE_NAME = "kgbuild-corrections.csv"
FIELDS = ("role", "value", "recipient", "funded_item", "verdict", "acts_on")
VERDICTS = ("supported", "partly supported", "unsupported", "contradicted", "not checkable")
# a part needs its total, which a row cannot name: every other role can be set
SETTABLE_ROLES = tuple(r for r in ROLES if r != "part")
COLUMNS = ("decision", "amount", "claim", "promise", "field", "value", "who", "date", "why")
# a claim as the graph names it, or as "<report key>#<n>" (bounded: a cell is short, and every pattern stays
# linear even under ``search``)
_CLAIM = re.compile(r"(?:[^\s#]{0,300}/rapport/(?P<slug>[^/#\s]{1,300})/bewering/|(?P<key>[^#]{1,300})#)"
                    r"(?P<n>[1-9]\d{0,5})")
# a promise as the graph names it (its IRI, or the part from "regeerakkoord/" on)
_PROMISE = re.compile(r"(?:\S{0,300}?/)?(?P<path>regeerakkoord/[^\s#]{1,300}?/belofte/[1-9]\d{0,5})")
# a decision a reader says acts on a promise ("+" or nothing) or does not ("-")
_ACTS_ON = re.compile(r"(?P<sign>[+-]?)\s{0,3}"
                      r"(?P<id>[0-9A-Fa-f]{24}|[0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12})")
_ID = re.compile(r"[0-9A-Fa-f]{24}|[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Fix:
    """One change to one amount of one decision: a reader's correction (``who`` set) or the ledger's."""

    decision: str  # canonical id
    amount: str  # the amount as written, white space folded
    field: str  # FIELDS
    value: str
    who: str = ""
    date: str = ""
    why: str = ""
    where: str = ""  # "file:line" of a reader's correction; "" for the ledger's
    claim: str = ""  # a verdict's claim: "rapport/<report slug>/bewering/<n>" or "<report key>#<n>"
    promise: str = ""  # a link's promise (its IRI); the value "+<id>" acts on it, "-<id>" does not

    @property
    def key(self) -> str:
        """Stable id of the correction (its IRI's last part)."""
        raw = "\0".join((self.decision, self.amount, self.field, self.value, self.who, self.date))
        if self.claim:
            raw += "\0" + self.claim
        if self.promise:
            raw += "\0" + self.promise
        return hashlib.sha256(raw.encode()).hexdigest()[:20]

    def names(self, report_key: str, index: int) -> bool:
        """Whether this (verdict) correction is about claim ``index`` of that report."""
        return self.claim in (f"{report_key}#{index}", f"{report_path(report_key)}/bewering/{index}")

    @property
    def note(self) -> CorrectionNote:
        return CorrectionNote(self.key, self.field, self.value, self.who, self.date, self.why)


def report_path(key: str) -> str:
    """A report's IRI from "rapport/" on, as a verdict correction may name its claims."""
    iri = str(report_iri(key))
    return iri[iri.index("rapport/"):]


def apply_verdicts(reports: Sequence[Report], checks: dict[tuple[str, int], ClaimCheck],
                   fixes: Sequence[Fix]) -> tuple[dict[tuple[str, int], ClaimCheck], list[str]]:
    """The claim checks with the readers' verdicts set (the machine's kept beside them), and the keys of the
    corrections applied; a correction no claim of these reports answers to is left for the caller to report."""
    out, applied = dict(checks), []
    for report in reports:
        for i in range(1, len(report.claims) + 1):
            check = checks.get((report.key, i))
            fix = next((f for f in reversed(fixes) if f.names(report.key, i)), None)  # the last row wins
            if check is not None and fix is not None:
                out[(report.key, i)] = check.corrected(fix.note)
                applied.append(fix.key)
    return out, sorted(set(applied))


def apply_links(promises: dict[str, list[str]], known: set[str], fixes: Sequence[Fix]
                ) -> tuple[dict[str, list[str]], list[Fix], list[Fix]]:
    """The decisions acting on each promise (keyed by its IRI, ids in upper case)
    with the readers' word applied, in file order (a later row wins), and the corrections applied and stale (a
    promise the build does not have, or a decision it does not know)."""
    out = {p: list(ids) for p, ids in promises.items()}
    applied: list[Fix] = []
    stale: list[Fix] = []
    for fix in fixes:
        ident = fix.decision.upper()
        if fix.promise not in out or ident not in known:
            stale.append(fix)
            continue
        acting = [d for d in out[fix.promise] if d.upper() != ident]
        out[fix.promise] = [*acting, ident] if fix.value.startswith("+") else acting
        applied.append(fix)
    return out, applied, stale


def _amount_value(text: str) -> Decimal | None:
    """A value written as euro digits ("157200000", "157200000.50") or as the decision writes amounts."""
    plain = text.strip().replace("€", "").strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", plain):
        try:
            return Decimal(plain)
        except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
            return None
    amounts, _periods = find_money_and_periods(text if "euro" in text.lower() else text + " euro")
    return amounts[0].value if len(amounts) == 1 else None


def _verdict_row(cell: dict[str, str], line: str) -> tuple[Fix | None, str]:
    """A reader's verdict of a claim, or why the row cannot be used."""
    claim = _CLAIM.fullmatch(cell["claim"])
    verdict = " ".join(cell["value"].lower().replace("-", " ").split())
    if claim is None:
        return None, (f"claim {cell['claim']!r} is not a claim's IRI (.../rapport/<report>/bewering/<n>) or "
                      "<report key>#<n>")
    if verdict not in VERDICTS:
        return None, f"verdict {cell['value']!r} is not one of {', '.join(VERDICTS)}"
    ref = f"rapport/{claim['slug']}/bewering/{claim['n']}" if claim["slug"] else f"{claim['key'].strip()}#{claim['n']}"
    return Fix("", "", "verdict", verdict, cell["who"], cell["date"], cell["why"], line, ref), ""


def _link_row(cell: dict[str, str], line: str) -> tuple[Fix | None, str]:
    """A reader's word on whether a decision acts on a promise, or why the row cannot be used."""
    promise = _PROMISE.fullmatch(cell["promise"])
    link = _ACTS_ON.fullmatch(cell["value"])
    if promise is None:
        return None, (f"promise {cell['promise']!r} is not a promise's IRI (.../regeerakkoord/.../belofte/<n>, as "
                      "kgbuild promises prints it)")
    if link is None:
        return None, (f"acts_on {cell['value']!r} is not a decision id (24 hex digits or a UUID), with '-' before it "
                      "when the decision does not act on the promise")
    sign = "-" if link["sign"] == "-" else "+"
    ident = canonical_id(link["id"])
    return Fix(ident, "", "acts_on", sign + ident.upper(), cell["who"], cell["date"], cell["why"], line,
               promise=str(ID[promise["path"]])), ""


def _amount_row(cell: dict[str, str], field: str, line: str) -> tuple[Fix | None, str]:
    """A reader's correction of one amount of one decision, or why the row cannot be used."""
    decision, amount, value = cell["decision"], cell["amount"], cell["value"]
    if not _ID.fullmatch(decision):
        return None, f"decision {decision!r} is not a decision id (24 hex digits or a UUID)"
    if not amount:
        return None, "no amount: copy the amount as the decision writes it"
    if field not in FIELDS:
        return None, f"field {field!r} is not one of {', '.join(FIELDS)}"
    if field == "role" and value not in SETTABLE_ROLES:
        return None, f"role {value!r} is not one of {', '.join(SETTABLE_ROLES)}"
    if field == "value" and _amount_value(value) is None:
        return None, f"value {value!r} is not an amount in euro"
    if field in ("recipient", "funded_item") and len(name_key(value)) < 2:
        return None, f"{field} {value!r} names nothing"
    return Fix(canonical_id(decision), clean(amount), field, value, cell["who"], cell["date"], cell["why"], line), ""


def parse_corrections(data: bytes, where: str) -> tuple[list[Fix], list[Problem]]:
    """The corrections of a CSV file, and one problem per row that cannot be used (named by file and line)."""
    problems: list[Problem] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return [], [Problem(where, f"not UTF-8 (byte {exc.start}); save the corrections file as UTF-8",
                            skipped=True)]
    reader = csv.DictReader(io.StringIO(text))
    names = reader.fieldnames or []
    missing = [c for c in ("field", "value") if c not in names]
    if "claim" not in names and "promise" not in names:  # a file of amounts only
        missing = [c for c in ("decision", "amount") if c not in names] + missing
    if missing:
        return [], [Problem(where, f"no column {', '.join(missing)}; the columns are {', '.join(COLUMNS)}",
                            skipped=True)]
    fixes: list[Fix] = []
    for row in reader:
        line = f"{where}:{reader.line_num}"
        cell = {k: (row.get(k) or "").strip() for k in (*COLUMNS, "field")}
        field = cell["field"].lower().replace("-", "_")
        if not field:
            continue  # a row review wrote and nobody filled in
        fix, error = (_verdict_row(cell, line) if field == "verdict" else _link_row(cell, line) if field == "acts_on"
                      else _amount_row(cell, field, line))
        if cell["date"] and not _DATE.fullmatch(cell["date"]):
            error = error or f"date {cell['date']!r} is not YYYY-MM-DD"
        if error or fix is None:
            problems.append(Problem(line, f"{error}; the row is not applied"))
        else:
            fixes.append(fix)
    return fixes, problems


def _quotes(f: Found, original: str) -> list[str]:
    assert isinstance(f.item, Grant)
    return [clean(f.quote)] + [clean(original[s:e]) for s, e in f.item.also_at]


def apply_fixes(found: list[Found], original: str, fixes: Sequence[Fix]) -> tuple[list[Found], list[Fix]]:
    """``found`` with each fix applied to the grant its amount names; the fixes that name no amount of the
    decision (stale). A later fix of the same field wins; fixes of other fields add up."""
    out = list(found)
    stale: list[Fix] = []
    for fix in fixes:
        hits = [i for i, f in enumerate(out) if isinstance(f.item, Grant) and fix.amount in _quotes(f, original)]
        if not hits:
            stale.append(fix)
            continue
        for i in hits:
            f = out[i]
            assert isinstance(f.item, Grant)
            out[i] = dataclasses.replace(f, item=_fixed(f.item, f, fix))
    return out, stale


def _fixed(g: Grant, f: Found, fix: Fix) -> Grant:
    by = f"corrected by {fix.who or 'a reader'}" + (f" on {fix.date}" if fix.date else "") + \
        (f": {fix.why}" if fix.why else "") if fix.where else fix.why
    notes = (*g.corrections, CorrectionNote(fix.key, fix.field, fix.value, fix.who, fix.date, fix.why)) \
        if fix.where else g.corrections
    if fix.field == "role":
        return dataclasses.replace(g, role=fix.value, part_of=None, increase=None, confidence="high",
                                   reason=by, corrections=notes)
    if fix.field == "value":
        value = _amount_value(fix.value) or g.value
        return dataclasses.replace(g, value=value, increase=None, confidence="high", reason=by, corrections=notes)
    mention = Mention("organisation" if fix.field == "recipient" else "programme", f.start, f.end, fix.value,
                      name_key(fix.value), fix.value)
    if fix.field == "recipient":
        return dataclasses.replace(g, recipient=mention, corrections=notes)
    return dataclasses.replace(g, funded=mention, corrections=notes)


@dataclass(frozen=True)
class Money:
    """What the ledger needs of one decision: its date, title and opening (to find the decisions it cites,
    ``links.decision_links``), the government decisions it cites, its committed amounts (as written, value)
    and every sum it states."""

    id: str
    date: str
    title: str
    opening: str
    acts: tuple[tuple[str, str, str], ...]
    committed: tuple[tuple[str, Decimal], ...]
    amounts: frozenset[Decimal]
    draft: str = ""  # the formal title of the draft regulation it approves, folded; "" when none or not delimited
    stage: str = ""  # "principle" or "final" approval of that draft, "" when the text does not say
    envelope: str = ""  # the named means its title is about ("capaciteitsmiddelen"), folded; "" when none
    years: frozenset[int] = frozenset()  # the budget years its title names ("2023-2024": 2023 and 2024)
    # when its title selects projects on that envelope ("Selectie ... op capaciteitsmiddelen"): its committed
    # amounts whose sentence names the envelope (not "aangevuld met 1,5 miljoen euro uit het Vlaams Randfonds")
    selected: tuple[str, ...] = ()


# "Voorontwerp van besluit van de Vlaamse Regering tot ...", "Ontwerpdecreet houdende ...": the formal title of
# the draft a decision approves, up to the double space that ends it in these texts (bounded: linear)
_DRAFT_TITLE = re.compile(r"(?<!\w)(?:voorontwerp\s+van\s+|ontwerp\s+van\s+|ontwerp)(besluit|decreet)\s+"
                          r"(?:van\s+de\s+vlaamse\s+regering\s+)?(\S.{19,299}?)(?:\s{2}|$)", re.IGNORECASE)
_A_DRAFT = re.compile(r"(?<!\w)(?:voorontwerp\s+van\s+|ontwerp\s+van\s+|ontwerp)(?:besluit|decreet)(?!\w)",
                     re.IGNORECASE)
_PRINCIPLE = re.compile(r"(?<!\w)(?:principi(?:eel|ële)|in\s+principe)(?!\w)", re.IGNORECASE)
# "keurt ... definitief goed", "de definitieve goedkeuring", "na advies van de Raad van State"; not "moet uiteindelijk
# resulteren in een definitieve aanpassing van het besluit", which a principle approval says of what is to come
_FINAL = re.compile(r"(?<!\w)(?:definitief|definitieve\s{1,3}(?:goedkeuring|vaststelling|beslissing)|"
                    r"na\s+(?:het\s+)?advies\s+van|tweede\s+principiële)(?!\w)", re.IGNORECASE)


def draft_stage(title: str, text: str) -> tuple[str, str]:
    """The folded formal title of the draft regulation a decision approves, and whether it approves it in
    principle or finally ("nu definitief", "na advies van de Raad van State"); ("", "") when it approves none."""
    m = _DRAFT_TITLE.search(text, max(0, len(title) - 5), OPENING)
    if m is None and not _A_DRAFT.search(text, max(0, len(title) - 5), OPENING):
        return "", ""
    # a formal title longer than the pattern's bound still says a draft is approved: its stage, without its title
    draft = m.group(1).lower() + " " + " ".join(re.findall(r"\w+", m.group(2).lower())) if m else ""
    stage = "final" if _FINAL.search(text) else "principle" if _PRINCIPLE.search(text) else ""
    return draft, stage


# the named means a title is about: "Geografische verdeling capaciteitsmiddelen scholenbouw 2022-2024",
# "Selectie capaciteitsprojecten onderwijs op capaciteitsmiddelen 2023-2024" (bounded: linear)
_ENVELOPE = re.compile(r"(?<!\w)(\w{3,40}middelen)(?!\w)", re.IGNORECASE)
_SELECTION = re.compile(r"(?<!\w)(?:selectie|selecteert|geselecteerde)(?!\w)[^.;]{0,120}?(?<!\w)(?:op|uit|binnen)\s+"
                        r"(?:de\s+)?(?:beschikbare\s+|extra\s+)?\w{3,40}middelen(?!\w)", re.IGNORECASE)
_YEARS = re.compile(r"(?<!\d)(20\d\d)(?:\s{0,2}[-–]\s{0,2}(20\d\d))?(?!\d)")


def envelope_of(title: str, text: str, found: Sequence[Found]) -> tuple[str, frozenset[int], tuple[str, ...]]:
    """The named means a decision's title is about, the budget years it names and, when the title selects
    projects on those means (spending what an earlier decision distributed), the committed amounts said of them."""
    m = _ENVELOPE.search(title)
    if m is None:
        return "", frozenset(), ()
    envelope = m.group(1).lower()
    years: set[int] = set()
    for y in _YEARS.finditer(title):
        first, last = int(y.group(1)), int(y.group(2) or y.group(1))
        years.update(range(first, min(last, first + 10) + 1))
    selected = tuple(f.quote for f in found if isinstance(f.item, Grant) and f.item.role == "committed"
                     and envelope in text[f.item.sentence[0]:f.item.sentence[1]].lower()) \
        if _SELECTION.search(title) else ()
    return envelope, frozenset(years), selected


def money_summary(ident: str, date: str, title: str, text: str, found: Sequence[Found],
                  acts: tuple[tuple[str, str, str], ...]) -> Money:
    grants = [f.item for f in found if isinstance(f.item, Grant)]
    quotes = [f.quote for f in found if isinstance(f.item, Grant)]
    draft, stage = draft_stage(title, text)
    envelope, years, selected = envelope_of(title, text, found)
    return Money(ident, date, title, text[:OPENING], acts,
                 tuple((q, g.value) for q, g in zip(quotes, grants, strict=True) if g.role == "committed"),
                 frozenset(g.value for g in grants), draft, stage, envelope, years, selected)


def links_between(money: Sequence[Money]) -> list[DecisionLink]:
    """The links between the decisions of the build (``links.decision_links``), from what the ledger keeps of
    each: the build writes them, and the ledger follows them."""
    return decision_links([SearchDoc(m.id, "decision", str(decision_iri(m.id)), m.title, m.opening, m.date,
                                     acts=m.acts) for m in money])


def ledger(money: Sequence[Money], found_links: Sequence[DecisionLink]) -> list[Fix]:
    """Each euro once across decisions: a committed amount of a decision that changes or cites an earlier
    decision of the build stating the same sum restates it (an amendment that repeats the grant), so it
    becomes earlier money here."""
    by_iri = {str(decision_iri(m.id)): m for m in money}
    links: dict[str, set[str]] = defaultdict(set)
    for link in found_links:
        links[by_iri[link.source].id].add(by_iri[link.target].id)
    by_id = {m.id: m for m in money}
    fixes: list[Fix] = []
    for ident in sorted(links):
        m = by_id[ident]
        for amount, value in m.committed:
            for other in sorted(links[ident]):
                o = by_id[other]
                if not o.date or not m.date or o.date >= m.date or value not in o.amounts:
                    continue
                fixes.append(Fix(canonical_id(ident), clean(amount), "role", "earlier", why=(
                    f"restates {clean(amount)} of decision {other} of {o.date}, which this decision cites")))
                break
    fixes += _final_approvals(money, {(f.decision, f.amount) for f in fixes})
    return fixes + _selections(money, {(f.decision, f.amount) for f in fixes})


def _final_approvals(money: Sequence[Money], done: set[tuple[str, str]]) -> list[Fix]:
    """The definitive approval of a draft restates the committed amounts its principle approval stated."""
    # the same draft: its formal title, or, when a formal title is too long to delimit (and the draft's wording may
    # have changed between the two approvals: "aan de organisatoren kinderopvang ..." became "aan de organisatoren
    # groepsopvang, ..."), the decision's short title ("VIA 6: subsidie pedagogische ondersteuning kinderopvang")
    # within a year
    drafts: dict[tuple[str, str], list[Money]] = defaultdict(list)
    for m in money:
        if m.draft and m.date:
            drafts[("draft", m.draft)].append(m)
        if m.stage and m.date:
            drafts[("title", " ".join(re.findall(r"\w+", m.title.lower())))].append(m)
    fixes: list[Fix] = []
    seen = set(done)
    for (by, _draft), stages in sorted(drafts.items()):
        earlier = [(m, {v for _q, v in m.committed}) for m in stages if m.stage == "principle"]
        for m in stages:
            if m.stage != "final":
                continue
            for amount, value in m.committed:
                first = min((o for o, values in earlier if o.date < m.date and value in values
                             and (by == "draft" or (not (o.draft and m.draft) and _within_a_year(o.date, m.date)))),
                            key=lambda o: (o.date, o.id), default=None)
                if first is not None and (canonical_id(m.id), clean(amount)) not in seen:
                    seen.add((canonical_id(m.id), clean(amount)))
                    fixes.append(Fix(canonical_id(m.id), clean(amount), "role", "earlier", why=(
                        f"the final approval restates {clean(amount)} of the principle approval of the same draft, "
                        f"decision {first.id} of {first.date}")))
    return fixes


def _within_a_year(first: str, then: str) -> bool:
    try:
        return (dt.date.fromisoformat(then[:10]) - dt.date.fromisoformat(first[:10])).days <= 366
    except ValueError:
        return False


def _selections(money: Sequence[Money], done: set[tuple[str, str]]) -> list[Fix]:
    """A selection of projects on named means spends what an earlier decision of the build distributed for the
    same years ("Selectie capaciteitsprojecten op capaciteitsmiddelen 2023-2024" after "Geografische verdeling
    capaciteitsmiddelen 2022-2024"): its amounts restate that money, up to the sum the earlier one committed."""
    fixes: list[Fix] = []
    for m in sorted(money, key=lambda m: (m.date, m.id)):
        if not (m.selected and m.years and m.date):
            continue
        sources = sorted((o for o in money if o.envelope == m.envelope and not o.selected and o.committed
                          and o.date and o.date < m.date and o.years & m.years), key=lambda o: (o.date, o.id))
        if not sources:
            continue
        first = sources[-1]
        room = sum(v for _q, v in first.committed)
        for amount, value in m.committed:
            if amount not in m.selected or value > room or (canonical_id(m.id), clean(amount)) in done:
                continue
            room -= value
            fixes.append(Fix(canonical_id(m.id), clean(amount), "role", "earlier", why=(
                f"a selection on the {m.envelope} that decision {first.id} of {first.date} distributed")))
    return fixes


__all__ = ["COLUMNS", "FIELDS", "FILE_NAME", "SETTABLE_ROLES", "Fix", "Money", "apply_fixes", "ledger",
           "links_between", "money_summary", "parse_corrections"]
