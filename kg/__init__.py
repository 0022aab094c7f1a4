"""kg: news articles in, a typed, provenance-rich knowledge graph out.

>>> import kg
>>> g = kg.open("memory")
>>> g.entities().empty
True

``kg.open``, ``kg.build`` and ``kg.KnowledgeGraph`` (see ``kg/api.py``) are loaded
on first use, so ``import kg`` (and the ``kg`` command) stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.resources import __version__

__all__ = ["KnowledgeGraph", "__version__", "build", "open"]

if TYPE_CHECKING:
    from kg.api import KnowledgeGraph, build, open  # noqa: A004


def __getattr__(name: str) -> object:
    if name in ("KnowledgeGraph", "build", "open"):
        from kg import api

        return getattr(api, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
