"""Full-text search for the site: an inverted index in small script files, read from ``file://`` on demand.

The site's search box matches names first (``assets/search.js``: one entry per page and per claim); this module
adds the words of every entry (a decision's whole text, a section's text, a claim, the names a body goes by),
analysed as ``kgbuild search`` analyses them (``dutch.words`` and ``dutch.stem``: folded, stopwords out,
Snowball stems), so that "Kopenhagenplan" finds every decision that names it and "VLAIO subsidie" ranks the
decisions that name both first (BM25, k1 = 1.5, b = 0.75, as ``bm25s``).

The browser cannot stem Dutch, and need not: every word the site holds is in the index with its stem, so a
query word is looked up as written (folded); one the site does not hold is tried without a common ending, and
the word being typed also matches the words it begins. Files (all ``window.KGFT`` calls, since a page opened
from the disk may not ``fetch``):

- ``assets/ft/meta.js``: the number of words of each entry (in the order of ``search.js``), the stopwords;
- ``assets/ft/s-XX.js``: for the words that begin with XX, their stems, and for the stems that begin with XX,
  their postings (entry numbers as gaps, and term frequencies);
- ``assets/ft/t-N.js``: the text of entries N*64 .. N*64+63, cut to 4,000 characters, for the snippets.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from ..dutch import stem, stopwords, words
from ..viz.page import script_json

BLOCK = 64  # entries per text file
TEXT_LIMIT = 4000  # characters of an entry's text kept for its snippet
_KEY = re.compile(r"[a-z0-9]")


def shard(word: str) -> str:
    """The file a folded word or stem is in: its first two letters or digits ("_" for any other)."""
    return "".join(c if _KEY.fullmatch(c) else "_" for c in (word + "__")[:2])


def fulltext_files(texts: Sequence[str]) -> dict[str, bytes]:
    """The index files of the entries whose texts are ``texts`` (in the order of the site's search.js)."""
    vocab: dict[str, dict[str, str]] = defaultdict(dict)
    postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
    lengths: list[int] = []
    for i, text in enumerate(texts):
        found = words(text)
        lengths.append(len(found))
        counts: Counter[str] = Counter()
        for w in found:
            s = stem(w)
            vocab[shard(w)][w] = s
            counts[s] += 1
        for s, tf in counts.items():
            postings[s].append((i, tf))
    shards: dict[str, dict[str, dict[str, object]]] = defaultdict(lambda: {"v": {}, "p": {}})
    for key, entries in vocab.items():
        shards[key]["v"] = dict(sorted(entries.items()))
    for s in sorted(postings):
        flat: list[int] = []
        last = 0
        for i, tf in postings[s]:  # ascending entry numbers: gaps are small numbers
            flat += [i - last, tf]
            last = i
        shards[shard(s)]["p"][s] = flat
    files = {f"assets/ft/s-{key}.js": _call("shard", key, shards[key]) for key in sorted(shards)}
    files["assets/ft/meta.js"] = _call("meta", "", {"len": lengths, "stop": sorted(stopwords()),
                                                    "shards": sorted(shards), "block": BLOCK})
    for n in range(0, len(texts), BLOCK):
        block = [" ".join(t.split())[:TEXT_LIMIT] for t in texts[n:n + BLOCK]]
        files[f"assets/ft/t-{n // BLOCK}.js"] = _call("texts", str(n // BLOCK), block)
    return files


def _call(name: str, key: str, payload: object) -> bytes:
    return f"window.KGFT && KGFT.{name}({script_json(key)}, {script_json(payload)});\n".encode()
