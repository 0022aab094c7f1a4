"""kg: news articles in, a typed, provenance-rich knowledge graph out."""

__version__ = "0.1.0"
