"""The ``kg`` command line (``kg.cli:app``): one module per command group on the shared app of ``common``."""

from kg.cli import explore, knowledge, main, serve
from kg.cli.common import app

explore.register(app)
knowledge.register(app)
serve.register(app)

__all__ = ["app", "main"]
