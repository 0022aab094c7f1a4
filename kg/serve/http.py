"""What the endpoints share: choosing a format by the Accept header, and answering an error in one line.

Every error a client sees is a short message saying what to do next, as
``text/plain`` -- never a stack trace (``app`` logs those on the server).
"""

from __future__ import annotations

from starlette.responses import PlainTextResponse

__all__ = ["error", "negotiate"]


def _accepted(accept: str) -> list[tuple[float, int, str]]:
    """The media ranges of an Accept header as (q, order, range), best first."""
    ranges = []
    for order, part in enumerate(accept.split(",")):
        kind, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if kind and q > 0:
            ranges.append((q, order, kind.lower()))
    return sorted(ranges, key=lambda r: (-r[0], r[1]))


def negotiate(accept: str | None, offered: dict[str, str]) -> str | None:
    """The format name of the best offered media type for ``accept``; the first offered for none or ``*/*``.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", {"application/json": "json", "application/sparql-results+xml": "xml", "text/csv": "csv"})
    'xml'
    >>> negotiate("image/png", {"text/turtle": "turtle"}) is None
    True
    """
    first = next(iter(offered.values()))
    if not accept:
        return first
    for _, _, kind in _accepted(accept):
        if kind in offered:
            return offered[kind]
        if kind == "*/*":
            return first
        if kind.endswith("/*"):
            family = kind[:-1]
            match = next((name for media, name in offered.items() if media.startswith(family)), None)
            if match:
                return match
    return None


def error(status: int, message: str, headers: dict[str, str] | None = None) -> PlainTextResponse:
    """A one-line ``text/plain`` error answer."""
    return PlainTextResponse(message.rstrip() + "\n", status_code=status, headers=headers)
