"""Read a knowledge file with the user's copy laid over the shipped one.

The shipped ``ontology/`` folder comes first; a user's knowledge folder
(``--knowledge DIR``) may hold a file of the same name that extends it: lists are
joined, mappings merged key by key, any other value replaced.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from kg.errors import KGError

__all__ = ["merge", "read_layered"]

# libyaml's loader when PyYAML was built with it: the same safe subset, about 10x faster to read
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_layered(paths: list[Path]) -> object:
    """The YAML of ``paths`` that exist, each merged over the ones before (see :func:`merge`)."""
    result: object = None
    for path in paths:
        if not path.is_file():
            continue
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
        except yaml.YAMLError as exc:
            raise KGError(f"cannot parse {path}: {exc}; fix the YAML there") from exc
        result = data if result is None else merge(result, data, path)
    return result


def merge(base: object, extra: object, where: Path | str = "") -> object:
    """``extra`` laid over ``base``: lists are joined (no repeats), mappings merged key by key.

    >>> merge({"a": [1, 2], "b": {"x": 1}}, {"a": [2, 3], "b": {"y": 2}})
    {'a': [1, 2, 3], 'b': {'x': 1, 'y': 2}}
    """
    if isinstance(base, dict) and isinstance(extra, dict):
        out = dict(base)
        for key, value in extra.items():
            out[key] = merge(out[key], value, where) if key in out else value
        return out
    if isinstance(base, list) and isinstance(extra, list):
        return base + [v for v in extra if v not in base]
    if extra is None:
        return base
    if type(base) is not type(extra) and not (isinstance(base, str) and isinstance(extra, str)):
        raise KGError(f"{where}: a {type(extra).__name__} cannot extend the shipped {type(base).__name__}; use the same shape")
    return extra
