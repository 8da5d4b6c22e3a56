"""Dutch text analysis for ranking and claim checks: words, stopwords and Snowball stems.

Words are folded (case, accents); a hyphenated compound counts as itself and as its parts ("5G-netwerk"
-> "5g-netwerk", "5g", "netwerk"). Stopwords are the Dutch list that ships with bm25s plus kgbuild's own
domain words (``data/domain_stopwords.txt``: "regering", "besluit", "maatregel" ... which every decision
and report uses). Stems come from PyStemmer's Dutch Snowball stemmer ("subsidies" -> "subsidie",
"netwerken" -> "netwerk"). A word's *keys* add the stem of its dictionary form, from simplemma's Dutch
lexicon, so that a verb's forms and its noun meet ("verhoogd", "verhoogt", "verhoging" -> "verhog"), and a
separable verb's participle meets its split present ("goedgekeurd" -> "goed_keuren" -> "goedkeur", "keur";
"De regering keurt ... goed" -> "keur").
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from importlib import resources

import simplemma
import Stemmer
from bm25s.stopwords import STOPWORDS_DUTCH

from .extract.base import fold

# a word: letters and digits, with inner hyphens; no nested repetition (linear)
WORD = re.compile(r"[0-9A-Za-zÀ-ÖØ-öø-ÿ]+(?:-[0-9A-Za-zÀ-ÖØ-öø-ÿ]+)*")


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """The Dutch stopwords and the domain words, folded."""
    lines = (resources.files("kgbuild") / "data" / "domain_stopwords.txt").read_text(encoding="utf-8").splitlines()
    domain = {w for line in lines if not line.startswith("#") for w in line.split()}
    return frozenset(fold(w) for w in (*STOPWORDS_DUTCH, *domain))


@lru_cache(maxsize=1)
def report_words() -> frozenset[str]:
    """Words the reports judge and connect with ("in lijn met", "weerspiegelt"), folded: no assertion of a claim."""
    lines = (resources.files("kgbuild") / "data" / "report_words.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(fold(w) for line in lines if not line.startswith("#") for w in line.split())


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("dutch")


# The Snowball (Kraaij-Pohlmann) stemmer writes the open syllable of a plural back as a long vowel
# ("fietspaden" -> "fietspaad") but leaves the singular as it is ("fietspad"): one vowel of a doubled pair
# before the last consonant goes, so both are "fietspad".
_LONG_VOWEL = re.compile(r"(?<=[^aeiou])(aa|ee|oo|uu)(?=[^aeiou]$)")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball stem of a folded word, with a long vowel before its last consonant made short."""
    s = str(_stemmer().stemWord(fold(word)))
    return _LONG_VOWEL.sub(lambda m: m.group(1)[0], s)


def words(text: str) -> list[str]:
    """The folded words of a text, hyphenated compounds also part by part, stopwords and 1-letter words out."""
    stop = stopwords()
    out: list[str] = []
    for w in WORD.findall(text):
        f = fold(w)
        parts = f.split("-")
        for p in (f, *parts) if len(parts) > 1 else (f,):
            if len(p) > 1 and p not in stop:
                out.append(p)
    return out


@lru_cache(maxsize=131072)
def keys(word: str) -> frozenset[str]:
    """What one word matches on: its stem, the stem of its lemma, and for a separable verb the stem of the
    verb without its particle ("aangepast" -> {"aangepast", "aanpas", "pas"})."""
    low = word.lower()
    out = {stem(low)}
    lemma = simplemma.lemmatize(low, lang="nl")
    if isinstance(lemma, str) and lemma != low:
        parts = lemma.split("_")
        out.add(stem("".join(parts)))
        if len(parts) == 2 and len(parts[1]) >= 4:
            out.add(stem(parts[1]))
    return frozenset(out)


# a word a line break split in the coalition agreement's texts: "samen-werking", "moge-lijk", "Vlaan-deren"
# (a second part in capitals is a compound of names: "Oost-Vlaanderen", "Noord-Zuid")
_SPLIT_WORD = re.compile(r"(?<![\w-])([A-Za-zÀ-ÖØ-öø-ÿ][a-zß-öø-ÿ]+)-([a-zß-öø-ÿ]{2,})(?![\w-])")


def dehyphenate(text: str) -> str:
    """The text with the words a line break split joined again ("samen-werking" -> "samenwerking"), when the
    decisions know the joined word and not the hyphenated one ("re-integratie", "sociaal-economische" stay).
    The hyphen becomes a space before the word, so every offset into the text still points at the same place.
    """
    _n, df = _frequencies()
    stop = stopwords()

    def join(m: re.Match[str]) -> str:
        whole = m.group(1) + m.group(2)
        known, hyphenated = df.get(stem(whole), 0), df.get(stem(f"{m.group(1)}-{m.group(2)}"), 0)
        if fold(whole) in stop or (known >= 3 and known > 2 * hyphenated):
            return " " + whole  # before it, not after: "samenwerking ," would show
        return m.group(0)

    return _SPLIT_WORD.sub(join, text)


def content_words(text: str) -> list[str]:
    """The words of a text as written (not folded), hyphenated compounds also part by part, without stopwords
    and 1-letter words: what ``keys`` takes."""
    stop = stopwords()
    out: list[str] = []
    for w in WORD.findall(text):
        parts = w.split("-")
        for p in (w, *parts) if len(parts) > 1 else (w,):
            if len(p) > 1 and fold(p) not in stop:
                out.append(p)
    return out


def text_keys(text: str) -> frozenset[str]:
    """The keys of every content word of a text."""
    return frozenset(k for w in set(content_words(text)) for k in keys(w))


def tokens(text: str) -> list[str]:
    """The stems of ``words(text)``, in order: what BM25 ranks on."""
    return [stem(w) for w in words(text)]


@lru_cache(maxsize=1)
def _frequencies() -> tuple[int, dict[str, int]]:
    raw = json.loads((resources.files("kgbuild") / "data" / "dutch_df.json").read_text(encoding="utf-8"))
    return int(raw["documents"]), dict(raw["df"])


def idf(token: str) -> float:
    """How rare a stem is in decision texts: log((N + 1) / (df + 0.5)) over the decisions of the corpus the
    shipped table was made from (``scripts/document_frequencies.py``); a stem it lacks counts as rare."""
    n, df = _frequencies()
    return math.log((n + 1) / (df.get(token, 1) + 0.5))
