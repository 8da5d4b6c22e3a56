"""Money moved from a provision: allocated by this decision when it names a use of its own, budgeted before when it
names none or only an agreement made before."""

from __future__ import annotations

import re

from .cues import Span, cue, words

# a redistribution from a provision ("herverdeling van een provisioneel krediet", "herschikking ... vanuit de
# relanceprovisie") moves credits the budget set aside to the domains' own budget lines. When it names what the
# money is for ("voor de subsidie aan Ecoom", "voor volgende maatregelen: ..."), the decision allocates it; when it
# names no purpose, or only that it pays back the domains or carries out an agreement made before ("voor het
# recupereren van middelen door de verschillende beleidsdomeinen", "voor de uitvoering van het Zesde Vlaams
# Intersectoraal Akkoord van 30 maart 2021"), the money was committed by the decisions and agreements it
# finances, and counting it again would count their euros twice
_TRANSFER = re.compile(r"(?<!\w)(?:herverdel\w*|h\s?erschik\w*|kredietherschik\w*)(?!\w)", re.IGNORECASE)
_PROVISION = re.compile(r"(?<!\w)(?:provisionee?le?\s+krediet\w*|\w*provisie)(?!\w)", re.IGNORECASE)
_PURPOSE = cue(r"voor", r"om", r"ter", r"ten\s+behoeve", r"in\s+het\s+kader")
_NOT_A_PURPOSE = re.compile(r"(?<!\w)(?:voor\s+(?:het\s+)?(?:begrotingsjaar|jaar)\s+\d{4}|"
                            r"voor\s+een\s+(?:totaal\s+)?bedrag\s+van)(?!\w)", re.IGNORECASE)
_OWN_USE = cue(r"\w*ondersteun\w*", r"te\s+financieren", r"\w*subsidi\w*", r"toe\s+te\s+kennen")
_GENERIC_PURPOSE = cue(r"recuper\w*", r"verschillende\s+beleidsdomeinen", r"\w*sectoraal\s+akkoord",
                        r"(?-i:VIA)[- ]?\d+(?:-akkoord)?")


def provision_transfer(text: str, span: Span) -> str:
    """What a provision's redistribution is said to be for, when it is no purpose of its own ("no purpose
    named", "'recupereren'"); "" when the amount is not moved from a provision or is moved for a named use."""
    lo, hi = span.sentence
    before = text[max(lo, span.start - 80):span.start]
    after = text[span.end:min(hi, span.end + 300)]
    lead = text[max(lo, span.start - 300):span.start]  # the sentence before it, with a formal title run into it
    if not ((t := _TRANSFER.search(before)) or _TRANSFER.search(after[:40])) \
            or not (_PROVISION.search(lead) or _PROVISION.search(after[:120])):
        return ""
    # the use said before the transfer: "beslist het project ... financieel te ondersteunen door de herverdeling
    # van 500.000 euro vanuit de relanceprovisie"
    if _OWN_USE.search(text, max(lo, span.start - 200), span.start - len(before) + t.start() if t else span.start):
        return ""
    # "In uitvoering van het Vijfde Vlaams Intersectoraal Akkoord ... beslist ... tot herverdeling van 36,6 miljoen
    # euro": the agreement may be named before the amount too
    if (m := _GENERIC_PURPOSE.search(after) or _GENERIC_PURPOSE.search(lead)):
        return f"'{words(m)}'"
    rest = _NOT_A_PURPOSE.sub(" ", after)
    return "" if _PURPOSE.search(rest) else "no purpose named"


__all__ = ["provision_transfer"]
