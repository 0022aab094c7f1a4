"""kg's exceptions. Each message says what went wrong and what to do next."""


class KGError(Exception):
    """Base class: the CLI prints these as one clear line, never a traceback."""


class ModelNotFound(KGError):
    """The spaCy model named for the build is not installed."""


class StoreError(KGError):
    """The store cannot be opened, written or queried."""


class StoreLocked(StoreError):
    """Another process is writing to the same on-disk store."""


class InputError(KGError):
    """An input file cannot be read as text."""


class QueryError(KGError):
    """A SPARQL query is missing, malformed or lacks a parameter."""


class EntityNotFound(KGError):
    """No entity matches the name given."""
