"""Write src/kgbuild/data/dutch_df.json: in how many decisions of the corpus each Dutch stem occurs.

The claim checks weigh a claim's words by how rare they are in decision texts (a claim that shares only
"subsidie" and "project" with its decisions shares nothing). The table is shipped, not computed per build,
so that a claim's verdict depends on the claim and the decisions it cites alone, whatever else a build
reads. Regenerate with ``python scripts/document_frequencies.py [CORPUS]`` (default ../shared/corpus).
Stems in fewer than two decisions are left out: the checks treat a missing stem as rare.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from kgbuild.analysis import read_corpus
from kgbuild.dutch import tokens

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "corpus"
    decisions = read_corpus([corpus / "bucket"]).decisions.values()
    df: Counter[str] = Counter()
    n = 0
    for d in decisions:
        if d.text:
            n += 1
            df.update(set(tokens(d.text)))
    table = {"documents": n, "df": {t: c for t, c in sorted(df.items()) if c >= 2}}
    out = ROOT / "src" / "kgbuild" / "data" / "dutch_df.json"
    out.write_text(json.dumps(table, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n",
                   encoding="utf-8")
    print(f"{out}: {n} decisions, {len(table['df'])} stems")


if __name__ == "__main__":
    main()
