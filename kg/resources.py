"""kg's version, and where its data folders are: ``ontology/`` (ontology, lexicon, shapes, gazetteer) and ``queries/``.

They sit at the top of the repository, where users extend the lexicon or add
queries.  A source checkout or an editable install reads them there; a wheel
carries copies inside the package (``kg/_data/ontology``, ``kg/_data/queries``,
mapped in pyproject.toml), read when no checkout sits beside the package.
"""

from __future__ import annotations

from pathlib import Path

__version__ = "0.1.0"

PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str, marker: str) -> Path:
    """The folder ``name`` (``ontology`` or ``queries``): the checkout's when it holds ``marker``, else the wheel's."""
    checkout = PACKAGE.parent / name
    return checkout if (checkout / marker).exists() else PACKAGE / "_data" / name
