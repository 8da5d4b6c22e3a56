"""Shared scanning of capitalised Dutch names: the words of a proper name and its connecting words."""

from __future__ import annotations

import re

# Lower-case words that may sit inside a name: "Fonds voor Innoveren en Ondernemen", "Raad van State".
CONNECTIVES = frozenset({"van", "voor", "en", "de", "het", "der", "den", "in", "op", "of", "and", "for", "the", "&",
                         "te", "tot", "met", "aan", "du", "des", "la", "le", "et", "to"})
_WORD = re.compile(r"[\w][\w'’.&-]*|&")
_MONTHS = frozenset({"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
                     "oktober", "november", "december"})


def is_name_word(word: str) -> bool:
    """A capitalised word, an acronym or a number that can continue a name ("VRD 2", "E-leren")."""
    if word.lower() in _MONTHS:
        return False
    return word[:1].isupper() or word[:1].isdigit() or (len(word) > 1 and word[1:2].isupper())


def words(text: str, start: int = 0, end: int | None = None) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text, start, len(text) if end is None else end)]


# Capitalised words that start a sentence or a formal title rather than continue a name.
STOP_WORDS = frozenset({"De", "Het", "Een", "In", "Naar", "Voor", "Dit", "Deze", "Op", "Met", "Ontwerpbesluit",
                        "Besluit", "Nota", "Mededeling", "Hierbij", "Daarnaast", "Ook", "Er", "Om", "Bij", "Aan",
                        "Van", "Tot", "Als", "Zo", "Dat", "Die", "Voorontwerp", "Ontwerp", "Wijziging", "Goedkeuring",
                        "Verlenging", "Toekenning", "Subsidie", "Via", "Door", "Uit", "Na", "Sinds", "Binnen",
                        "Wij", "We", "Zij", "Hij", "Ze", "Waarbij", "Verder", "Tevens", "Bovendien", "Daarbij",
                        "Dankzij", "Vanaf", "Ter", "Te", "Omwille", "Overeenkomstig", "Gelet", "Conform", "Ten"})


def name_after(text: str, pos: int, max_words: int = 10) -> int:
    """End of the name that continues at ``pos``: capitalised words, with connectives only between them.

    A suspended compound continues it: "Vlaams Informatie- en ICT-beleid".
    """
    end = cursor = pos
    for word, s, e in words(text, pos, min(len(text), pos + 160))[:max_words]:
        gap = text[cursor:s]
        if gap.strip() not in ("", "-"):
            break  # punctuation ends the name
        bare = word.rstrip(".")
        if word in STOP_WORDS:
            break
        if len(word) == 2 and word[0].isalpha() and word.endswith("."):
            break  # "Europese Universiteiten A. Ontwerpbesluit ...": a list's marker, or an initial, ends a name
        if is_name_word(bare) and not (cursor != end and bare[:1].isdigit()):
            end = cursor = e if not word.endswith(".") else e - 1
            if word.endswith("."):
                break
        elif word.lower() in CONNECTIVES and (cursor == end or text[end - 1:end] == "-"):
            cursor = e  # a connective only counts when a name word follows it
        else:
            break
    return end


def name_before(text: str, pos: int, max_words: int = 10) -> int:
    """Start of the name that ends at ``pos``: capitalised words and connectives between them."""
    ws = words(text, max(0, pos - 200), pos)
    start = cursor = pos
    for count, (word, s, e) in enumerate(reversed(ws)):
        if text[e:cursor].strip(" -") != "" or count >= max_words:
            break
        if is_name_word(word) and word not in STOP_WORDS:
            start = cursor = s
        elif word.lower() in CONNECTIVES and cursor == start:
            cursor = s  # a connective only counts when a name word precedes it
        else:
            break
    return start
