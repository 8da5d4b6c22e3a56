"""Money: every amount a decision states, with its role, period, recipient, funded item and source.

Each amount gets a role (``roles.py``): committed (new money granted or budgeted here), a part of a
committed amount, or money of another kind (earlier, another party's, a target, a threshold, a unit rate, a
loan, a plan's total). Nothing is dropped: every amount stays, classified, with its span.

Who gets it is read per clause (``money/receivers.py``): a sentence listing several amounts ("1 miljoen euro voor
imec; 2 miljoen euro aan VLAIO en 3 miljoen euro voor de VUB") is split at ";", ":", list items, "," and "en"
between the amounts, so each amount has its own receiver. The programme the money pays for is the funded item;
a plan or fund it comes from ("uit het Vlaams Klimaatfonds", "Plan Vlaamse Veerkracht: ...") is the source
(``funded_by``), never the funded item.

The same amount written twice (title and body, "9,59 miljoen euro" and "9.597.968,84 euro") is one amount
with several mentions. All lookups are by bisection over sorted spans, so a decision of any length takes
time linear in its length.

Clause splitting and parts work on the same clause objects in one pass; the roles are in ``money/roles.py``,
the receivers in ``money/receivers.py``.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from functools import lru_cache

from . import organisations, programmes
from .base import Doc, Grant, Mention
from .money import receivers
from .money.amounts import PeriodSpan, find_money_and_periods
from .money.each import times_each
from .money.receivers import UMBRELLA, Index, is_source
from .money.restated import ABOUT, ABOUT_SHARE, ADDS, SCALED, merge_restatements
from .money.roles import LOCAL, Span, earlier_levels, find_parts, raised_from, role_of, within_budget
from .operative import Act, read, sentence_act

KINDS = (
    ("impulsfinanciering", r"impulsfinanciering|impulssubsidie|impulsmiddelen"),
    ("provisie", r"\w*provisie"),
    ("subsidie", r"\w*subsidie\w*|toelage|trekkingsrecht|projectsteun|steun"),
    ("dotatie", r"dotatie|werkingstoelage|werkingsmiddelen"),
    ("lening", r"lening|achtergestelde lening|kapitaalverhoging|participatie"),
    ("investering", r"investering\w*|investeringsbudget"),
    ("budget", r"budget\w*|kredieten|middelen|bedrag|enveloppe|beleidsruimte"),
)
_KIND = re.compile(r"\b(?:" + "|".join(f"(?P<{k}>{p})" for k, p in KINDS) + r")\b", re.IGNORECASE)
# where a clause ends inside a sentence: ";", ":", a list item, or "," / "en" / "of" between two amounts
_HARD_BREAK = re.compile(r";|:\s|\n[ \t]*(?:[-•*]|\d+[.)])\s|\s[-•]\s")  # [ \t]: a run of newlines is entered once
_NEXT_ITEM = re.compile(r"\s{0,3}\)\s{0,3}(?:,\s{1,3}(?:en\s{1,3})?|en\s{1,3})")
_SOFT_BREAK = re.compile(r",\s|\s(?:en|of|alsook|evenals|terwijl)\s")
FORMAL_TITLE_END = 700  # characters within which a decision's text states its formal title
_LISTED_ROLES = frozenset({"unit-rate", "threshold", "other-party", "loan-or-guarantee", "target"})
MAX_CLAUSE = 400  # characters of a clause on each side of its amount: sentences in the corpus are shorter


def _clauses(text: str, sentence: tuple[int, int], amounts: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The clause of each amount of one sentence: split between consecutive amounts at the last hard break
    (";" ":" a list item), else the last soft break ("," "en") between them, else halfway."""
    lo, hi = sentence
    cuts = [lo]
    for (_s1, e1), (s2, _e2) in itertools.pairwise(amounts):
        gap_lo, gap_hi = e1, s2
        hard = [m for m in _HARD_BREAK.finditer(text, gap_lo, gap_hi)][-1:]
        soft = [m for m in _SOFT_BREAK.finditer(text, gap_lo, gap_hi)][-1:]
        # a list of bracketed amounts: the next item opens right after "), " ("Brugge, Project A (499.000 euro),
        # Gent, Project B (350.000 euro)"), whatever commas its own name holds
        item = _NEXT_ITEM.match(text, gap_lo, gap_hi)
        cut = hard[0].end() if hard else item.end() if item else soft[0].start() + 1 if soft else \
            (gap_lo + gap_hi) // 2
        cuts.append(cut)
    cuts.append(hi)
    out = []
    for (s, e), a, b in zip(amounts, cuts, cuts[1:], strict=False):
        out.append((max(a, s - MAX_CLAUSE), min(b, e + MAX_CLAUSE)))
    return out


def _kind(text: str, start: int, end: int, lo: int, hi: int) -> str | None:
    best: tuple[int, str] | None = None
    for m in _KIND.finditer(text, max(lo, start - 150), min(hi, end + 150)):
        kind = m.lastgroup
        if kind is None:
            continue
        dist = m.start() - end if m.start() >= end else max(0, start - m.end())
        if best is None or dist < best[0]:
            best = (dist, kind)
    return best[1] if best else None


@lru_cache(maxsize=4)
def _named(doc: Doc) -> tuple[tuple[Mention, ...], tuple[Mention, ...]]:
    """The organisations and programmes of the document; cached because the registry runs those
    extractors on the same document just before this one (pure functions: the cache changes nothing)."""
    return tuple(organisations.extract(doc)), tuple(programmes.extract(doc))


def extract(doc: Doc) -> Iterator[Grant]:
    """Every amount the decision states, once each, with its role."""
    text = doc.text
    named_orgs, named_progs = _named(doc)
    amounts, found_periods = find_money_and_periods(text)
    orgs, progs, periods = Index(named_orgs), Index(named_progs), Index(found_periods)
    reading = read(doc)
    sentences = reading.spans
    sentence_starts = [s for s, _e in sentences]
    by_sentence: dict[int, list[int]] = {}
    for i, a in enumerate(amounts):
        by_sentence.setdefault(bisect_right(sentence_starts, a.start) - 1, []).append(i)
    clause: dict[int, tuple[int, int]] = {}
    sentence_of: dict[int, tuple[int, int]] = {}
    for k, members in by_sentence.items():
        lo, hi = sentences[k]
        for i, c in zip(members, _clauses(text, (lo, hi), [(amounts[i].start, amounts[i].end) for i in members]),
                        strict=True):
            clause[i] = c
            sentence_of[i] = (max(lo, amounts[i].start - MAX_CLAUSE), min(hi, amounts[i].end + MAX_CLAUSE))
    title_kind = _kind(text, 0, 0, 0, doc.title_end)
    acts, kind_of_act = reading.acts, reading.act_type
    raw: list[Grant] = []
    explicit: list[int] = []
    for i, money in enumerate(amounts):
        c, s = clause[i], sentence_of[i]
        alone = len(by_sentence[bisect_right(sentence_starts, money.start) - 1]) == 1
        period = periods.nearest(money.start, money.end, *c) or periods.nearest(money.start, money.end, *s)
        near = [p for p in progs.inside(*c) if isinstance(p, Mention)] or \
            ([p for p in progs.inside(*s) if isinstance(p, Mention)] if alone else [])
        items = [p for p in near if not is_source(text, p)]
        sources = [p for p in near if is_source(text, p)] or \
            [p for p in progs.inside(0, doc.title_end) if isinstance(p, Mention) and p.key in UMBRELLA]
        kind = _kind(text, money.start, money.end, *c)
        k = bisect_right(sentence_starts, money.start) - 1
        in_title = k == 0 and doc.title_end > 0
        operative = "the title" if in_title else acts[k].words
        call = role_of(text, Span(money.start, money.end, money.value, money.min_value is not None, c, s,
                                  operative=operative, act_type=kind_of_act, strong=in_title or acts[k].strong))
        role, cued = call.role, call.strength
        # an act that only says money is there ("Voor dit plan is 21 miljoen euro voorzien") is a weak ground
        confident = cued == LOCAL or (role == "committed" and not in_title and not acts[k].stative
                                      and _acts_on(text, c, acts[k].words))
        recipient = receivers.recipient(doc, orgs, c, s, alone, money.start, money.end, kind, title_kind, named_orgs) \
            if role not in ("other-party", "target", "plan-total", "threshold", "unit-rate") else None
        raw.append(Grant(money.start, money.end, money.text, money.value, money.min_value, kind,
                         period if isinstance(period, PeriodSpan) else None, recipient,
                         _closest(items, money.start, money.end), role=role,
                         funded_by=_closest(sources, money.start, money.end), sentence=s, reason=call.reason,
                         confidence="high" if confident else "low"))
        explicit.append(cued)
    for members in by_sentence.values():
        receivers.share_receivers(text, raw, members)
    receivers.refine(doc, raw)
    # a list of amounts shares the kind of its first: "750 euro bij de start, 1000 euro na ... en 1500 euro na ..."
    for members in by_sentence.values():
        for prev, cur in itertools.pairwise(members):
            if explicit[cur] < LOCAL and explicit[prev] == LOCAL and raw[prev].role in _LISTED_ROLES and \
                    not _A_TOTAL.search(text, max(raw[prev].end, raw[cur].start - 40), raw[cur].start):
                raw[cur] = dataclasses.replace(raw[cur], role=raw[prev].role, confidence="high",
                                               reason=f"listed after an amount that is {raw[prev].role}", recipient=None
                                               if raw[prev].role != "unit-rate" else raw[cur].recipient)
                explicit[cur] = LOCAL
    spans = [Span(g.start, g.end, g.value, g.min_value is not None, clause[i], sentence_of[i])
             for i, g in enumerate(raw)]
    grant_acts = [acts[bisect_right(sentence_starts, g.start) - 1] for g in raw]
    _envelopes(raw, explicit, grant_acts, doc.title_end)
    _approved_envelope(text, raw, grant_acts, sentences, acts, by_sentence, doc.title_end)
    _round_of_envelope(text, raw, explicit, grant_acts, sentences, acts, by_sentence, doc.title_end)
    _means_of_the_order(text, raw, sentences, sentence_starts, acts, doc.title_end)
    for i in earlier_levels(text, spans, [g.role for g in raw]):
        raw[i] = dataclasses.replace(raw[i], role="earlier", confidence="high",
                                     reason="the old level of a budget this decision raises")
    roles = [g.role for g in raw]
    for new, old in raised_from(text, spans, roles).items():
        raw[new] = dataclasses.replace(raw[new], increase=raw[new].value - raw[old].value, confidence="high", reason=(
            f"raised from {' '.join(raw[old].text.split())} to {' '.join(raw[new].text.split())}: "
            "the increase is new money"))
    for i, g in enumerate(raw):
        if g.role == "committed" and g.increase is None and (each := times_each(text, g.start, g.sentence[0])):
            raw[i] = dataclasses.replace(g, increase=g.value * each[0], reason=(
                f"{' '.join(g.text.split())} for each of {each[0]}: '{each[1]}'"))
    rounded = [SCALED.search(g.text) is not None for g in raw]
    parts = find_parts(text, spans, roles, rounded)
    raw = [dataclasses.replace(g, role="part", part_of=raw[parts[i]].start, confidence="high",
                               reason=f"a part of {' '.join(raw[parts[i]].text.split())}") if i in parts else g
           for i, g in enumerate(raw)]
    _part_acted_within(text, raw, grant_acts)
    # "Daarnaast wordt een specifieke enveloppe vrijgemaakt voor het buitengewoon onderwijs (25 miljoen euro)": an
    # amount its sentence adds to what came before is new money, even when an earlier sum has the same value
    # (looked for in the 200 characters before it: a sentence of a thousand amounts stays linear)
    adds = {g.start for g in raw if ADDS.search(
        text, max(sentences[bisect_right(sentence_starts, g.start) - 1][0], g.start - 200), g.start)}
    # "De Vlaamse Regering kent zo'n 281.000 euro toe" after "een projectsubsidie van maximaal 281.834,67 euro":
    # an amount said to be about so much restates a close exact sum
    about = {g.start for g in raw if ABOUT.search(text, max(0, g.start - 16), g.start)}
    # ... and so does a round figure in the summary ("kent een projectsubsidie van 2 miljoen euro toe") after the
    # exact sum of the formal title ("tot toekenning van een projectsubsidie van maximaal 2.051.971,82 euro")
    exact = [g for g in raw if g.start < FORMAL_TITLE_END and not SCALED.search(g.text)]
    for g in raw:
        m = SCALED.search(g.text)
        if m is not None and len(m.group(2) or "") <= 1 and any(
                e.end < g.start and abs(e.value - g.value) <= e.value * ABOUT_SHARE for e in exact):
            about.add(g.start)
    yield from merge_restatements(raw, explicit, adds, doc.title_end, about, doc.breaks)


def _envelopes(grants: list[Grant], cued: list[int], acts: Sequence[Act], title_end: int) -> None:
    """Beside an amount a strong act grants ("kent 11 miljoen euro toe"), an amount a clause only says is there
    ("is een budget van 60 miljoen euro voorzien") is the envelope it comes from: context, not committed
    twice."""
    strong = [g for g, a in zip(grants, acts, strict=True)
              if g.role == "committed" and (a.strong or g.start < title_end)]
    if not strong:
        return
    for i, (g, a) in enumerate(zip(grants, acts, strict=True)):
        if g.role == "committed" and cued[i] < LOCAL and a.stative and g.start >= title_end:
            grants[i] = dataclasses.replace(g, role="context", confidence="low", reason=(
                f"the envelope a weaker clause provides ('{a.words}') beside what this decision grants "
                f"('{' '.join(strong[0].text.split())}')"))


# "De Vlaamse Regering keurt nu de voorgestelde benutting goed van de ... toegewezen middelen": the decision
# approves the use of means it names without their sum
_USE_OF_MEANS = re.compile(r"(?<!\w)(?:besteding|benutting|aanwending|inzet|invulling)\s+(?:\S+\s+){0,12}?"
                           r"(?:middelen|budget|enveloppe)(?!\w)", re.IGNORECASE)


def _granting_without_sum(text: str, says: re.Pattern[str], sentences: Sequence[tuple[int, int]],
                          acts: Sequence[Act], by_sentence: Mapping[int, list[int]], title_end: int
                          ) -> tuple[int, re.Match[str]] | None:
    """The first sentence of the summary that grants (a strong act), states no amount, and ``says`` something; with
    what it says."""
    for k, a in enumerate(acts):
        if a.strong and k not in by_sentence and sentences[k][0] >= title_end and \
                (m := says.search(text, *sentences[k])) is not None:
            return k, m
    return None


def _approved_envelope(text: str, grants: list[Grant], grant_acts: Sequence[Act], sentences: Sequence[tuple[int, int]],
                       acts: Sequence[Act], by_sentence: Mapping[int, list[int]], title_end: int) -> None:
    """A decision that commits no amount, but approves the use of means in a sentence without a sum, commits the
    one budget another of its sentences says is there ("is een budget van 100 miljoen euro gereserveerd voor
    investeringen in onroerend erfgoed ... De Vlaamse Regering keurt nu de voorgestelde benutting goed van de
    ... toegewezen middelen"), with low confidence: the sum is said beside the act, not by it."""
    if any(g.role == "committed" for g in grants):
        return
    found = _granting_without_sum(text, _USE_OF_MEANS, sentences, acts, by_sentence, title_end)
    if found is None:
        return
    approves = acts[found[0]]
    there = [i for i, (g, a) in enumerate(zip(grants, grant_acts, strict=True))
             if g.role in ("plan-total", "context") and g.start >= title_end and a.stative]
    if len(there) == 1:
        g = grants[there[0]]
        grants[there[0]] = dataclasses.replace(g, role="committed", confidence="low", reason=(
            f"the budget whose use the decision approves ('{approves.words}'), said to be there in another "
            f"sentence"))


def _part_acted_within(text: str, grants: list[Grant], grant_acts: Sequence[Act]) -> None:
    """"De Vlaamse Regering voorziet 83 miljoen euro ... Daarvan is 30 miljoen euro voorzien voor FIT, 50 miljoen
    euro voor VLAIO en 3 miljoen euro voor VLAM ... keurt nu ... goed ... binnen het voor VLAIO vooropgestelde budget
    van 50 miljoen euro": a total a clause only provides, broken down into parts one of which a granting clause acts
    within, is the envelope; this decision commits that part."""
    for g in grants:
        if g.role != "committed" or (within := within_budget(text, g.start)) is None:
            continue
        for t, total in enumerate(grants):
            if total.role != "committed" or grant_acts[t].strong or total.end > g.start or total.value <= g.value:
                continue
            between = [i for i, p in enumerate(grants) if total.end <= p.start and p.end <= g.start]
            if g.value not in [grants[i].value for i in between] or \
                    sum(grants[i].value for i in between) != total.value:
                continue
            grants[t] = dataclasses.replace(total, role="plan-total", confidence="low", reason=(
                f"the envelope one part of which ({' '.join(g.text.split())}) the decision grants: "
                f"'{' '.join(within.group(0).split())}'"))
            for i in between:  # the envelope's other parts: not granted by this decision
                if grants[i].value != g.value:
                    grants[i] = dataclasses.replace(grants[i], role="plan-total", part_of=None, confidence="low",
                                                    reason=f"a part of the envelope {' '.join(total.text.split())} "
                                                           "that this decision does not grant")


# "De Vlaamse Regering keurt nu, na de eerste juryronde, de toekenning van projecttoelagen goed": the grants of one
# round of a fund or a call, whose sum the sentence does not state
_ROUND = re.compile(r"(?<!\w)(?:eerste|tweede|derde|vierde|vijfde|volgende|nieuwe)\s+(?:jury|selectie|beoordelings)?"
                    r"(?:ronde|reeks)(?!\w)", re.IGNORECASE)


def _round_of_envelope(text: str, grants: list[Grant], cued: list[int], grant_acts: Sequence[Act],
                       sentences: Sequence[tuple[int, int]], acts: Sequence[Act], by_sentence: Mapping[int, list[int]],
                       title_end: int) -> None:
    """A decision that approves the grants of one round without their sum ("na de eerste juryronde") draws them from
    the budget another sentence says the fund has ("Voor dit project is een budget van 60 miljoen euro voorzien uit
    de relanceprovisie"): that budget is the fund's envelope, not what this round commits."""
    found = _granting_without_sum(text, _ROUND, sentences, acts, by_sentence, title_end)
    if found is None:
        return
    k, m = found
    for i, (g, a) in enumerate(zip(grants, grant_acts, strict=True)):
        if g.role == "committed" and cued[i] < LOCAL and a.stative and g.start >= title_end:
            grants[i] = dataclasses.replace(g, role="plan-total", confidence="low", reason=(
                f"the envelope of a fund one round of which the decision approves ('{acts[k].words}', "
                f"'{' '.join(m.group(0).split())}') without the round's sum"))


# the decision is itself the order that grants, or carries out a project of a plan: "Ontwerpbesluit van de Vlaamse
# Regering tot toekenning van steun aan ...", "Uitvoering van het Relanceplan Vlaamse Veerkracht project VV4"
_ORDER_GRANTS = re.compile(
    r"(?<!\w)(?:ontwerpbesluit|besluit)\s+van\s+de\s+Vlaamse\s+Regering\s+(?:tot|betreffende|houdende)\s+"
    r"(?:de\s+)?(?:toekenning|verlening)\s+van|(?<!\w)uitvoering\s+van\s+(?:het|de)\s+(?:\S+\s+){0,4}?project",
    re.IGNORECASE)
# the Government wants to reach an aim with the sum as its means: "Met een budget van 27,6 miljoen euro wil de
# Vlaamse Regering ...", "wil de Vlaamse Regering ... ondersteunen door het toekennen van een subsidie van 16,35
# miljoen euro"
_WANTS = re.compile(r"(?<!\w)(?:wil|willen)\s+(?:de\s+Vlaamse\s+Regering|ze|zij)(?!\w)|"
                    r"(?<!\w)(?:Vlaamse\s+Regering|Ze|Zij)\s+(?:wil|willen)(?!\w)", re.IGNORECASE)
_AS_MEANS = re.compile(r"(?:(?<!\w)(?:met|via)\s+(?:een|het)\s+(?:\S+\s+){0,2}?|"
                       r"(?<!\w)door\s+(?:het\s+)?(?:toekennen|verlenen|vrijmaken)\s+van\s+(?:een|het)\s+(?:\S+\s+){0,2}?)"
                       r"(?:budget|subsidie|bedrag|enveloppe|steun|toelage)\w*\s+van\s+$", re.IGNORECASE)


def _means_of_the_order(text: str, grants: list[Grant], sentences: Sequence[tuple[int, int]],
                        sentence_starts: Sequence[int], acts: Sequence[Act], title_end: int) -> None:
    """A decision whose title says it is the order that grants ("Ontwerpbesluit ... tot toekenning van steun") or
    carries out a plan's project, and whose summary has no clause that acts, states what the order commits as the
    means of the Government's aim: "Met een budget van 27,6 miljoen euro wil de Vlaamse Regering ...". That sum is
    committed, with low confidence: it is said as an aim, the act is the title's."""
    if title_end == 0 or any(g.role == "committed" for g in grants) or \
            not _ORDER_GRANTS.search(text, 0, title_end + 200):
        return
    if any(a.strong for k, a in enumerate(acts) if sentences[k][0] >= title_end):
        return
    wanted = []
    for i, g in enumerate(grants):
        lo, hi = sentences[bisect_right(sentence_starts, g.start) - 1]
        if g.role == "context" and g.start >= title_end and _AS_MEANS.search(text, max(lo, g.start - 80), g.start) \
                and _WANTS.search(text, lo, hi):
            wanted.append(i)
    if len(wanted) == 1:
        g = grants[wanted[0]]
        grants[wanted[0]] = dataclasses.replace(g, role="committed", confidence="low", reason=(
            "the means of the aim of a decision whose title says it is the order that grants or carries out"))


def _acts_on(text: str, clause: tuple[int, int], words: str) -> bool:
    """The operative verb stands in the amount's own clause ("kent 2 miljoen euro toe aan ..."), not only
    somewhere in its sentence."""
    return bool(words) and sentence_act(text[clause[0]:clause[1]]).operative


def _closest(items: Sequence[Mention], start: int, end: int) -> Mention | None:
    if not items:
        return None
    return min(items, key=lambda m: (m.start - end if m.start >= end else start - m.end, m.start))


def committed_total(grants: Iterable[Grant]) -> Decimal:
    """The new money a decision commits: its committed amounts, once each, parts and other roles left out."""
    return sum((g.committed for g in grants), Decimal(0))


# "40.000 euro per zorgraad, of een totaal budget van 2,48 miljoen euro": the total is no rate
_A_TOTAL = re.compile(r"(?<!\w)(?:totaal|totale|in\s+totaal|samen)(?!\w)", re.IGNORECASE)
