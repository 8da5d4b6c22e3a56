"""The corpus's money by the committed rule (each euro once) next to the old sum of every amount.

    python bench/money.py [OUT]     # OUT: a build folder of the corpus (default: builds it into out/corpus)

Prints Markdown tables for the README: committed money per year and the ten largest recipients, each beside
the sum of all amounts the same grants' decisions state (what the graph added up before amounts had roles),
and the committed total of the Kopenhagenplan decision (639C1C3CC2B90D4571CF909A).
"""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from kgbuild.query.engines import execute

ROOT = Path(__file__).resolve().parent.parent
ALL_PER_YEAR = """PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX schema: <http://schema.org/>
SELECT ?year (SUM(?v) AS ?all) WHERE { ?g a schema:MonetaryGrant ; dcterms:source ?d ; schema:amount/schema:value ?v .
?d eli:date_document ?date . BIND(YEAR(?date) AS ?year) } GROUP BY ?year ORDER BY ?year"""
ALL_PER_RECIPIENT = """PREFIX schema: <http://schema.org/> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?label (SUM(?v) AS ?all) WHERE { ?g a schema:MonetaryGrant ; schema:recipient ?o ;
schema:amount/schema:value ?v . ?o skos:prefLabel ?label } GROUP BY ?label"""


def euro(value: Decimal) -> str:
    return f"€{value / Decimal(1_000_000):,.1f} M"


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "out" / "corpus"
    if not (out / "manifest.json").is_file():
        subprocess.run([sys.executable, "-m", "kgbuild.cli", "build", str(ROOT.parent / "shared" / "corpus"),
                        "-o", str(out), "-q", "--no-validate"], check=True)
    store = out / "store"
    committed = execute(str(ROOT / "queries" / "money-per-year.rq"), store_path=store)
    everything = {int(str(r[0])): Decimal(str(r[1])) for r in execute(ALL_PER_YEAR, store_path=store).rows}
    print("| year | committed (each euro once) | of which low confidence | decisions | sum of every amount |\n"
          "|---|---:|---:|---:|---:|")
    for row in committed.rows:
        year = int(str(row[0]))
        print(f"| {year} | {euro(Decimal(str(row[3])))} | {euro(Decimal(str(row[4])))} | {row[2]} | "
              f"{euro(everything.get(year, Decimal(0)))} |")
    recipients = execute(str(ROOT / "queries" / "money-per-organisation.rq"), store_path=store)
    before = {str(r[0]): Decimal(str(r[1])) for r in execute(ALL_PER_RECIPIENT, store_path=store).rows}
    print("\n| recipient | committed | of which low confidence | grants | decisions | sum of every amount |\n"
          "|---|---:|---:|---:|---:|---:|")
    for row in recipients.rows[:10]:
        label = str(row[1])
        old = euro(before.get(label, Decimal(0)))
        print(f"| {label} | {euro(Decimal(str(row[4])))} | {euro(Decimal(str(row[5])))} | {row[2]} | {row[3]} | "
              f"{old} |")
    per_decision = {str(r[1]): Decimal(str(r[4]))
                    for r in execute(str(ROOT / "queries" / "committed-per-decision.rq"), store_path=store).rows}
    kopenhagen = ("603658A93391400008000348", "62C537498E6C4430A889786F", "639C1C3CC2B90D4571CF909A")
    shown = " + ".join(euro(per_decision.get(d, Decimal(0))) for d in kopenhagen)
    print(f"\nKopenhagenplan, its three decisions: {shown} = "
          f"{euro(sum((per_decision.get(d, Decimal(0)) for d in kopenhagen), Decimal(0)))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
