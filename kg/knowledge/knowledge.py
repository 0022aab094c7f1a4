"""Everything kg knows about the world and the language, loaded once and handed to every stage.

A :class:`Knowledge` holds the ontology (kg.ttl with the relation lexicon), the
gazetteer (places, organisations, titles, names) and the word lists of
``ontology/words/*.yaml`` (speech verbs, pronouns, cue nouns ...).  The pipeline
loads one with :func:`load_knowledge` and passes it to every stage explicitly; no
extractor reads a file on its own, so tests can hand a stage a Knowledge of their own.

Where it comes from: the shipped ``ontology/`` folder (or ``$KG_ONTOLOGY_DIR``),
then, when given, a user's knowledge folder (``--knowledge DIR`` or
``$KG_KNOWLEDGE``) laid out the same way.  A user's folder extends the shipped one
file by file: ``words/NAME.yaml`` and ``gazetteer/NAME.yaml`` are read after the
shipped file of the same name, a list adds its entries to the shipped list, a
mapping adds and replaces keys (see :func:`kg.knowledge.layers.merge`).  ``docs/knowledge.md`` shows
an example.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from kg.errors import KGError
from kg.knowledge.gazetteer import Gazetteer, load_gazetteer
from kg.knowledge.layers import read_layered
from kg.knowledge.ontology import Ontology, load_ontology, ontology_dir

__all__ = ["Knowledge", "Words", "knowledge_folders", "load_knowledge"]

WORDS = "words"  # the sub-folder of word lists


class Words(Mapping):
    """The word lists of ``words/*.yaml``, by name: a list becomes a frozenset, a mapping a read-only dict.

    ``words.speech_verbs`` and ``words["speech_verbs"]`` are the same; an unknown name
    is an error that lists the names there are.
    """

    def __init__(self, lists: Mapping[str, object]) -> None:
        self._lists = {name: _frozen(value) for name, value in lists.items()}

    def __getitem__(self, name: str):
        try:
            return self._lists[name]
        except KeyError:
            raise KGError(f"no word list {name!r} in ontology/words/*.yaml; there are: {', '.join(sorted(self._lists))}") from None

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        return self[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._lists)

    def __len__(self) -> int:
        return len(self._lists)


def _frozen(value: object):
    if isinstance(value, list):
        return frozenset(value)
    if isinstance(value, dict):
        return MappingProxyType({k: _frozen(v) if isinstance(v, list) else v for k, v in value.items()})
    return value


@dataclass(frozen=True, eq=False)
class Knowledge:
    """The ontology, the gazetteer and the word lists one build uses (immutable, shared by every stage)."""

    ontology: Ontology
    gazetteer: Gazetteer
    words: Words
    folders: tuple[Path, ...]  # the knowledge folders read, shipped first
    digest: str  # a hash of every file read: the same digest, the same knowledge


def knowledge_folders(user: str | Path | None = None) -> tuple[Path, ...]:
    """The shipped folder, then the user's (``user``, else ``$KG_KNOWLEDGE``) when there is one."""
    shipped = ontology_dir().resolve()
    extra = user or os.environ.get("KG_KNOWLEDGE")
    if not extra:
        return (shipped,)
    folder = Path(extra).expanduser().resolve()
    if not folder.is_dir():
        raise KGError(f"knowledge folder {folder} does not exist; give a folder laid out like ontology/ (words/, gazetteer/)")
    return (shipped, folder)


def load_knowledge(user: str | Path | None = None) -> Knowledge:
    """The Knowledge of the shipped folder extended by ``user`` (or ``$KG_KNOWLEDGE``), read once per process."""
    return _load(knowledge_folders(user))


@lru_cache(maxsize=4)
def _load(folders: tuple[Path, ...]) -> Knowledge:
    return Knowledge(
        ontology=load_ontology(),
        gazetteer=load_gazetteer(folders[0] / "gazetteer", extra=tuple(f / "gazetteer" for f in folders[1:])),
        words=Words(_word_lists(folders)),
        folders=folders,
        digest=_digest(folders),
    )


def _word_lists(folders: tuple[Path, ...]) -> dict[str, object]:
    names = sorted({p.name for folder in folders for p in (folder / WORDS).glob("*.yaml")})
    lists: dict[str, object] = {}
    for name in names:
        data = read_layered([folder / WORDS / name for folder in folders])
        if not isinstance(data, dict):
            raise KGError(f"{WORDS}/{name} must map list names to lists or mappings of words")
        clash = set(data) & set(lists)
        if clash:
            raise KGError(f"word list {sorted(clash)[0]!r} is defined twice under {WORDS}/; keep one")
        lists.update(data)
    return lists


def _digest(folders: tuple[Path, ...]) -> str:
    h = hashlib.sha256()
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in {".yaml", ".ttl"}:
                h.update(str(path.relative_to(folder)).encode())
                h.update(path.read_bytes())
    return h.hexdigest()[:16]
