"""Find the entity a token belongs to: the bridge between the parse and the entities."""

from __future__ import annotations

from collections.abc import Iterable

from kg.types import Entity, Mention


class EntityIndex:
    """Maps every token of every mention to its entity (and mention).

    Extractors walk the dependency parse and ask, for a token, which entity (if
    any) it refers to: ``index.entity_at(tok.i)``.

    >>> from kg.types import Entity, Mention
    >>> m = Mention(0, 4, "Kyiv", "name", 0, 1, 0, "City")
    >>> idx = EntityIndex([Entity("e1", "City", "Kyiv", {"Kyiv"}, [m])])
    >>> idx.entity_at(0).name, idx.entity_at(1)
    ('Kyiv', None)
    """

    def __init__(self, entities: Iterable[Entity]) -> None:
        self.entities = list(entities)
        self._by_token: dict[int, tuple[Entity, Mention]] = {}
        for ent in self.entities:
            for m in ent.mentions:
                for i in range(m.token_start, m.token_end):
                    # a shorter (inner) mention wins over a longer one covering it
                    old = self._by_token.get(i)
                    if old is None or (old[1].token_end - old[1].token_start) > (m.token_end - m.token_start):
                        self._by_token[i] = (ent, m)

    def entity_at(self, token_i: int) -> Entity | None:
        hit = self._by_token.get(token_i)
        return hit[0] if hit else None

    def mention_at(self, token_i: int) -> Mention | None:
        hit = self._by_token.get(token_i)
        return hit[1] if hit else None
