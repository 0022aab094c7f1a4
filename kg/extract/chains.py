"""The chains of one document's resolution: mentions grouped by union-find, with what each chain knows.

:func:`kg.extract.resolve.resolve_entities` builds one ``Chains`` and its rules merge
chains; :mod:`kg.extract.pronouns` reads them to choose antecedents.  Kept apart from
both so that neither imports the other.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator

from spacy.tokens import Doc

from kg.extract.grammar import SUBJECTS, clause_of
from kg.knowledge.knowledge import Knowledge
from kg.knowledge.names import name_parts
from kg.types import Mention

__all__ = ["Chains"]

MAX_LOOKBACK = 250


class Chains:
    """Mentions grouped into chains (union-find), with what each chain has learned.

    A chain's facts -- its type, gazetteer name, gender, roles and countries --
    live on its root and are merged on :meth:`union`.  The mentions are in text
    order, so a bisection over their start tokens finds those before a token.
    """

    def __init__(self, doc: Doc, mentions: list[Mention], knowledge: Knowledge) -> None:
        self.doc = doc
        self.mentions = mentions
        self.knowledge = knowledge
        self.gaz = knowledge.gazetteer
        self.words = knowledge.words
        self.parent = list(range(len(mentions)))
        self._members: dict[int, list[int]] = {i: [i] for i in range(len(mentions))}
        self.roles: dict[int, set[str]] = {i: set() for i in range(len(mentions))}
        self.countries: dict[int, set[str]] = {i: set() for i in range(len(mentions))}
        self.resolved = [m.kind == "name" for m in mentions]  # names stand for themselves
        self.holders: dict[str, list[int]] = {}  # role -> mentions of the chains known to hold it
        self.sent_of: dict[int, int] = {}
        self.sent_starts: list[int] = []
        for k, sent in enumerate(doc.sents):
            self.sent_starts.append(sent.start)
            self.sent_of.update(dict.fromkeys(range(sent.start, sent.end), k))
        self.starts = [m.token_start for m in mentions]
        self.by_head: dict[int, list[int]] = {}  # token -> the mentions headed by it
        for i, m in enumerate(mentions):
            self.by_head.setdefault(m.head, []).append(i)
        self.clause_subjects: dict[int, list[int]] = {}  # clause head -> its subjects
        for t in doc:
            if t.dep_ in SUBJECTS:
                self.clause_subjects.setdefault(clause_of(t), []).append(t.i)
        self.subject_tokens = sorted(i for subjects in self.clause_subjects.values() for i in subjects)
        self.name_words: dict[str, list[int]] = {}  # lower-cased word -> the names holding it, in text order
        for i, m in enumerate(mentions):
            if m.kind == "name":
                for word in dict.fromkeys(re.findall(r"\w+", m.text.lower())):
                    self.name_words.setdefault(word, []).append(i)
        self._named = {i: int(m.kind == "name") for i, m in enumerate(mentions)}  # root -> its names
        # root -> the genders its pronouns say ("he", "her", ...)
        self._said = {i: Counter(_said_gender(m.text.lower(), self.words.pronouns)) for i, m in enumerate(mentions)}
        self._cache: dict[tuple[str, int], object] = {}  # (fact, root) -> what its names say, until names join

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a == b:
            return
        a, b = min(a, b), max(a, b)
        self.parent[b] = a
        joining = self._members.pop(b)
        if joining[0] > self._members[a][-1]:  # the usual case, a later mention joining: no sort
            self._members[a].extend(joining)
        else:
            self._members[a] = sorted(self._members[a] + joining)
        self.roles[a] |= self.roles.pop(b)
        self.countries[a] |= self.countries.pop(b)
        a_named, b_named = self._named[a], self._named.pop(b)
        self._named[a] += b_named
        self._said[a] += self._said.pop(b)
        self.resolved[i] = self.resolved[j] = True
        if b_named or not a_named:  # what the names say changes only when names join
            for fact in ("type", "group", "gender"):
                self._cache.pop((fact, a), None)

    def members(self, root: int) -> list[int]:
        return self._members[self.find(root)]

    def roots(self) -> list[int]:
        return sorted(self._members)

    def named(self, root: int) -> bool:
        """Does the chain hold a name?"""
        return self._named[self.find(root)] > 0

    def names(self, root: int) -> list[Mention]:
        return [self.mentions[i] for i in self.members(root) if self.mentions[i].kind == "name"]

    def gazetteer_name(self, root: int) -> str | None:
        for m in self.names(root):
            entry = self.gaz.lookup(m.text)
            if entry is not None and m.type == entry.type:
                return entry.name
            country = self.gaz.country_of_demonym(m.text)
            if country and m.type == "Country":
                return country
        return None

    def _cached(self, fact: str, root: int, compute):
        key = (fact, self.find(root))
        if key not in self._cache:
            self._cache[key] = compute(root)
        return self._cache[key]

    def type(self, root: int) -> str | None:
        """The chain's class: the gazetteer's when it knows the name, else the names' majority."""
        return self._cached("type", root, self._vote_type)

    def _vote_type(self, root: int) -> str | None:
        names = self.names(root)
        if not names:
            typed = [self.mentions[i].type for i in self.members(root) if self.mentions[i].type]
            return typed[0] if typed else None
        # a person's full name and its surname alone ("Hicham El Guerrouj", "El Guerrouj") name a person,
        # however often the NER took the surname for an organisation -- a full name of three words or
        # opening with a known given name ("Warhol Polaroid" and "Polaroid" may be a camera's)
        full = max(names, key=lambda m: len(name_parts(m.text, self.gaz)))
        full_words = name_parts(full.text, self.gaz)
        if full.type == "Person" and (len(full_words) > 2 or (len(full_words) == 2 and self.gaz.is_given_name(full_words[0]))) and all(
                (words := name_parts(m.text, self.gaz)) and full_words[-len(words):] == words for m in names):
            return "Person"
        # a name saying it is an event ("... Championships") makes the chain one, whatever the NER
        # took its short form for ("World Cross Country")
        if any(m.type == "Event" and m.text.split()[-1].lower() in self.gaz.event_name_ends for m in names):
            return "Event"
        # longer names are read more reliably by the NER; a known given name makes a person
        votes: Counter[str] = Counter()
        for m in names:
            words = name_parts(m.text, self.gaz)
            votes[m.type] += len(words) + 2 * (m.type == "Person" and len(words) > 1 and self.gaz.is_given_name(words[0]))
        return max(votes, key=lambda t: (votes[t], t == "Person"))

    def group(self, root: int) -> bool:
        """Is the chain a group of persons named by a plural noun ("the Palestinians")?"""
        return self._cached("group", root, self._group)

    def _group(self, root: int) -> bool:
        names = self.names(root)
        return self.type(root) == "Person" and bool(names) and all(self.doc[m.head].tag_ in {"NNS", "NNPS"} for m in names)

    def person_name(self, root: int) -> list[str]:
        """The words of the fullest name of a person chain, honorifics and titles dropped."""
        best: list[str] = []
        for m in self.names(root):
            words = name_parts(m.text, self.gaz)
            if len(words) > len(best):
                best = words
        return best

    def gender(self, root: int) -> str | None:
        """male/female from an honorific, a given name, or the pronouns already resolved to the chain."""
        said = self._said[self.find(root)]
        return self._cached("gender", root, self._named_gender) or (said.most_common(1)[0][0] if said else None)

    def _named_gender(self, root: int) -> str | None:
        for m in self.names(root):
            first = m.text.split()[0]
            if first in self.gaz.honorifics and self.gaz.honorifics[first]:
                return self.gaz.honorifics[first]
        words = self.person_name(root)
        if words and self.type(root) == "Person" and self.gaz.gender(words[0]):
            return self.gaz.gender(words[0])
        return None

    def sentence(self, m: Mention) -> int:
        return self.sent_of[m.head]

    def before(self, root: int, token: int) -> Iterator[int]:
        """The chain's mentions that end before ``token``, the latest first."""
        members = self.members(root)
        for k in range(bisect_left(members, bisect_left(self.starts, token)) - 1, -1, -1):
            i = members[k]
            if self.mentions[i].token_end <= token and self.resolved[i]:
                yield i

    def last_before(self, root: int, token: int) -> Mention | None:
        """The chain's latest resolved mention ending before ``token``."""
        return next((self.mentions[i] for i in self.before(root, token)), None)

    def count_before(self, root: int, token: int, cap: int | None = None) -> int:
        """How many of the chain's resolved mentions end before ``token`` (at most ``cap``)."""
        n = 0
        for _ in self.before(root, token):
            n += 1
            if n == cap:
                break
        return n

    def window(self, token: int, sentences: int) -> Iterator[int]:
        """Resolved mentions ending before ``token`` in its sentence and the ``sentences`` before,
        within ``MAX_LOOKBACK`` tokens, the latest first."""
        here = self.sent_of[token] if token < len(self.doc) else len(self.sent_starts) - 1
        first = max(self.sent_starts[max(here - sentences, 0)], token - MAX_LOOKBACK)
        for i in range(bisect_left(self.starts, token) - 1, -1, -1):
            m = self.mentions[i]
            if m.token_start < first:
                break
            if m.token_end <= token and self.resolved[i]:
                yield i

    def holders_of(self, role: str) -> list[int]:
        """The chains known to hold ``role``."""
        roots = list(dict.fromkeys(self.find(i) for i in self.holders.get(role, [])))
        self.holders[role] = roots  # keep the index as short as the chains it points to
        return roots


def _said_gender(text: str, pronouns) -> list[str]:
    """The gender a resolved pronoun tells of what it stands for (["male"] for "he", "his"), else []."""
    features = pronouns.get(text)
    return [features["gender"]] if features and features.get("tells_gender") else []
