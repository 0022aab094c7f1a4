"""``kg rules``: what kg knows and how it reads, listed.

The rules table (``kg.extract.rules.RULES``) with every stage's rules registered:
each rule's id (the last part of the rule IRI in a fact's provenance), stage,
confidence and what it reads.  Added to the main app by ``register(app)``
(``kg/cli/__init__.py`` calls it).

This module does not use ``from __future__ import annotations``: the commands are
defined inside ``register`` and typer must evaluate their annotations there.
"""


import typer

from kg.cli.common import FormatOpt, TableFormat, print_rows

__all__ = ["register"]

RULE_COLUMNS = ["id", "stage", "confidence", "description"]


def register(app: typer.Typer) -> None:
    """Add the knowledge commands to ``app``."""

    @app.command()
    def rules(
        fmt: FormatOpt = TableFormat.table,
    ) -> None:
        """Every extraction rule: its id, stage, confidence and what it reads.

        A fact's provenance names its rule (prov:wasGeneratedBy
        <https://w3id.org/kg-news/rule/ID>); docs/ontology.md#ID describes the same rule.

        Example: [bold]kg rules -f csv[/]
        """
        from kg.pipeline.stages import all_rules

        rows = [[r.id, r.stage, r.confidence, r.description] for r in all_rules()]
        print_rows(RULE_COLUMNS, rows, fmt, title="extraction rules")
