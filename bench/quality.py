"""Quality: the GOLD-FORMAT measures on every gold set the project ships, as README's tables.

    python bench/quality.py            # print the tables (about a minute: builds 63 documents)
    python bench/quality.py --write    # and put them into README.md, between the markers

README's "Quality" figures are made here, never typed: ``tests/test_quality.py`` measures
the same sets and fails when README's tables are not what this script makes of them, so a
change that moves a figure says so and ``make figures`` writes the new ones.
The sets: the seed article, the 31 GUM texts (coreference), the four Lee articles and the 24
BBC News articles of ``tests/data/gold`` (the BBC gold is the shared development set; kg's
scorer counts as the shared ``tools/score_kg.py`` does, see ``kg/evaluate/scorer.py``).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.evaluate.scorer import GumScore, SeedScore, evaluate  # noqa: E402
from kg.pipeline.builder import build  # noqa: E402
from kg.store.graph_store import GraphStore  # noqa: E402

GOLD = ROOT / "tests" / "data" / "gold"
SETS = {"seed": GOLD / "seed", "gum": GOLD / "gum", "lee": GOLD / "lee", "bbc": GOLD / "bbc"}
README = ROOT / "README.md"
BEGIN = "<!-- quality figures: made by bench/quality.py (make figures); do not edit by hand -->"
END = "<!-- end of quality figures -->"


def build_alone(path: Path):
    """One gold document built on its own into a fresh in-memory store (as ``kg eval`` does)."""
    store = GraphStore("memory")
    build([path], store)
    return store.dataset


def measure(name: str) -> SeedScore | GumScore:
    """The summed scores of one gold set."""
    report = evaluate(sorted(SETS[name].glob("*.gold.yaml")), build=build_alone)
    (totals,) = report.totals.values()
    return totals


def _frac(n: int, total: int) -> str:
    return f"{n}/{total} ({round(100 * n / total)}%)" if total else "n/a"


def _seed_rows(s: SeedScore) -> list[tuple[str, str]]:
    return [
        ("entities one node of the right type", _frac(s.entities_passing, s.entities_total)),
        ("core facts", _frac(s.core_facts_found, s.core_facts_total)),
        ("extended facts", _frac(s.extended_facts_found, s.extended_facts_total)),
        ("core quotes", _frac(s.core_quotes_found, s.core_quotes_total)),
        ("extended quotes", _frac(s.extended_quotes_found, s.extended_quotes_total)),
        ("traps fallen into", f"{s.traps_fallen}/{s.traps_total}"),
        ("fact precision (facts between gold entities that a gold fact accepts)",
         _frac(s.facts_correct, s.facts_considered)),
    ]


SEED_TARGETS = ["all", "≥ 90%", "≥ 60%", "all", "all", "none", "≥ 90%"]
BBC_TARGETS = ["≥ 90%", "≥ 75%", "", "≥ 90%", "", "≤ 5", "≥ 90%"]


def tables(seed: SeedScore, gum: GumScore, lee: SeedScore, bbc: SeedScore) -> str:
    """README's quality tables, in Markdown."""
    lines = ["| measure | seed article | 4 Lee articles | 24 BBC articles | BBC target |", "|---|---|---|---|---|"]
    for (label, s), (_, le), (_, b), target in zip(_seed_rows(seed), _seed_rows(lee), _seed_rows(bbc), BBC_TARGETS):
        lines.append(f"| {label} | {s} | {le} | {b} | {target} |")
    lines += ["", "| 31 GUM Wikinews texts (gold coreference) | measured | target |", "|---|---|---|"]
    for label, n, total, target in [
        ("gold mentions mapped to a node", gum.mentions_mapped, gum.mentions_total, "≥ 80%"),
        ("same-entity mention pairs on one node", gum.pairs_together, gum.pairs_total, "≥ 70%"),
        ("pronouns resolved to the right node", gum.pronouns_resolved, gum.pronouns_total, "≥ 60%"),
        ("entities exactly one node of the right family", gum.entities_one_node, gum.entities_total, "≥ 80%"),
    ]:
        lines.append(f"| {label} | {_frac(n, total)} | {target} |")
    return "\n".join(lines)


def readme_tables(text: str) -> str:
    """The tables between the markers of README's text."""
    found = re.search(re.escape(BEGIN) + r"\n(.*?)\n" + re.escape(END), text, re.S)
    if found is None:
        raise SystemExit(f"README.md has no quality block; put {BEGIN!r} and {END!r} around its tables")
    return found.group(1)


def write_readme(made: str, path: Path = README) -> None:
    text = path.read_text(encoding="utf-8")
    old = readme_tables(text)
    path.write_text(text.replace(f"{BEGIN}\n{old}\n{END}", f"{BEGIN}\n{made}\n{END}"), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="put the tables into README.md")
    args = parser.parse_args()
    made = tables(*(measure(name) for name in SETS))
    print(made)
    if args.write:
        write_readme(made)
        print(f"\nwritten into {README}")


if __name__ == "__main__":
    main()
