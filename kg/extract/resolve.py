"""In-document resolution: group the mentions of one article into entities.

The rules run in the order a reader would apply them, each merging chains of
mentions (a union-find over the mention list):

1. names: the same name, or names the gazetteer knows are one thing ("UK",
   "Britain", "British" -> United Kingdom);
2. partial names: a person's surname or first name alone ("Zelensky", "Sir
   Keir") joins the one person whose fuller name it is part of; an acronym
   joins the name it abbreviates ("MIT"); a shorter organisation name joins
   the longer one that contains it ("Scientology" -> "Church of Scientology");
3. descriptions tied to a name by the grammar: the title phrase before a name,
   a phrase headed by the name it opens ("Mecca, Saudi Arabia"), appositions,
   predicate nominals (see :func:`mentions.descriptor_anchor`);
4. role nouns ("the Ukrainian president", "the PM") join the person holding
   that role, and generic nouns ("the country") the last thing of their type;
5. pronouns (:mod:`kg.extract.pronouns`).

A chain becomes an :class:`~kg.types.Entity` only if it holds a name: no node is
ever labelled "the president" or "he".  Mentions left unresolved are dropped.
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Doc

from ..gazetteer import Gazetteer, load_gazetteer, normalize_name
from ..types import Entity, Mention
from .mentions import descriptor_anchor, qualifying_country
from .pronouns import chain_bound, resolve_pronouns

__all__ = ["Chains", "acronym", "initials", "resolve_entities", "strip_honorifics"]

# how far back (in sentences) a role noun or generic noun looks for its referent
ROLE_WINDOW = 3
GENERIC_WINDOW = 3
_FUNCTION_WORDS = {"of", "the", "and", "for", "on", "in", "at", "&", "de", "to", "a"}
_COMPATIBLE = {"Country": {"Country"}, "City": {"City", "Place"}, "Place": {"Place", "City", "Country"},
               "Organization": {"Organization"}}


class Chains:
    """Mentions grouped into chains (union-find), with what each chain has learned.

    A chain's facts -- its type, gazetteer name, gender, roles and countries --
    live on its root and are merged on :meth:`union`.
    """

    def __init__(self, doc: Doc, mentions: list[Mention], gaz: Gazetteer) -> None:
        self.doc = doc
        self.mentions = mentions
        self.gaz = gaz
        self.parent = list(range(len(mentions)))
        self._members: dict[int, list[int]] = {i: [i] for i in range(len(mentions))}
        self.roles: dict[int, set[str]] = {i: set() for i in range(len(mentions))}
        self.countries: dict[int, set[str]] = {i: set() for i in range(len(mentions))}
        self.resolved = [m.kind == "name" for m in mentions]  # names stand for themselves
        self.sent_of = {t.i: k for k, s in enumerate(doc.sents) for t in s}

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
        self._members[a] = sorted(self._members[a] + self._members.pop(b))
        self.roles[a] |= self.roles.pop(b)
        self.countries[a] |= self.countries.pop(b)
        self.resolved[i] = self.resolved[j] = True

    def members(self, root: int) -> list[int]:
        return self._members[self.find(root)]

    def roots(self) -> list[int]:
        return sorted(self._members)

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

    def type(self, root: int) -> str | None:
        """The chain's class: the gazetteer's when it knows the name, else the names' majority."""
        names = self.names(root)
        if not names:
            typed = [self.mentions[i].type for i in self.members(root) if self.mentions[i].type]
            return typed[0] if typed else None
        # longer names are read more reliably by the NER; a known given name makes a person
        votes: Counter[str] = Counter()
        for m in names:
            words = strip_honorifics(normalize_name(m.text).split(), self.gaz)
            votes[m.type] += len(words) + 2 * (m.type == "Person" and len(words) > 1 and self.gaz.is_given_name(words[0]))
        return max(votes, key=lambda t: (votes[t], t == "Person"))

    def group(self, root: int) -> bool:
        """Is the chain a group of persons named by a plural noun ("the Palestinians")?"""
        names = self.names(root)
        return self.type(root) == "Person" and bool(names) and all(self.doc[m.head].tag_ in {"NNS", "NNPS"} for m in names)

    def person_name(self, root: int) -> list[str]:
        """The words of the fullest name of a person chain, honorifics and titles dropped."""
        best: list[str] = []
        for m in self.names(root):
            words = strip_honorifics(normalize_name(m.text).split(), self.gaz)
            if len(words) > len(best):
                best = words
        return best

    def gender(self, root: int) -> str | None:
        """male/female from an honorific, a given name, or the pronouns already resolved to the chain."""
        for m in self.names(root):
            first = m.text.split()[0]
            if first in self.gaz.honorifics and self.gaz.honorifics[first]:
                return self.gaz.honorifics[first]
        words = self.person_name(root)
        if words and self.type(root) == "Person" and self.gaz.gender(words[0]):
            return self.gaz.gender(words[0])
        said = Counter(
            {"he": "male", "him": "male", "his": "male", "she": "female", "her": "female"}.get(self.mentions[i].text.lower())
            for i in self.members(root) if self.mentions[i].kind == "pronoun"
        )
        said.pop(None, None)
        return said.most_common(1)[0][0] if said else None

    def sentence(self, m: Mention) -> int:
        return self.sent_of[m.head]

    def before(self, root: int, token: int) -> list[Mention]:
        """The chain's resolved mentions that end before ``token``."""
        return [self.mentions[i] for i in self.members(root)
                if self.resolved[i] and self.mentions[i].token_end <= token]


def strip_honorifics(words: list[str], gaz: Gazetteer) -> list[str]:
    """A name without leading honorifics or titles: ["Sir", "Keir", "Starmer"] -> ["Keir", "Starmer"]."""
    while len(words) > 1 and (words[0] in gaz.honorifics or gaz.title(words[0])):
        words = words[1:]
    return words


def resolve_entities(doc: Doc, mentions: list[Mention]) -> list[Entity]:
    """Group ``mentions`` (from :func:`find_mentions`) into the document's entities."""
    gaz = load_gazetteer()
    chains = Chains(doc, mentions, gaz)
    _merge_same_names(chains)
    _merge_partial_names(chains)
    _link_descriptors(chains)
    _resolve_role_and_generic_nouns(chains)
    resolve_pronouns(chains)
    _link_descriptors(chains)  # predicate nominals of pronouns ("He is a professor")
    return _entities(chains)


# --- 1. names ---------------------------------------------------------------------

def _name_key(m: Mention, gaz: Gazetteer) -> str:
    """Names with one key are one entity: the gazetteer's name, else the name as written."""
    entry = gaz.lookup(m.text)
    if entry is not None and entry.type == m.type:
        return entry.name
    country = gaz.country_of_demonym(m.text)
    if country and m.type == "Country":
        return country
    return " ".join(strip_honorifics(normalize_name(m.text).split(), gaz)).lower()


def _merge_same_names(chains: Chains) -> None:
    first: dict[str, int] = {}
    for i, m in enumerate(chains.mentions):
        if m.kind == "name":
            chains.union(first.setdefault(_name_key(m, chains.gaz), i), i)


# --- 2. partial names: surnames, first names, acronyms, short organisation names -------------

def initials(words: list[str]) -> set[str]:
    """"Massachusetts Institute of Technology" -> {"MIT", "MIOT"}."""
    content = [w for w in words if w.lower() not in _FUNCTION_WORDS]
    return {"".join(w[0] for w in content if w[:1].isupper()), "".join(w[0] for w in words if w[:1].isalpha()).upper()}


def acronym(text: str) -> str | None:
    bare = text.replace(".", "")
    return bare if 2 <= len(bare) <= 6 and bare.isalpha() and bare.isupper() else None


def _merge_partial_names(chains: Chains) -> None:
    gaz = chains.gaz
    infos = []
    for root in chains.roots():
        names = chains.names(root)
        if not names:
            continue
        words = chains.person_name(root) if chains.type(root) == "Person" else \
            max((normalize_name(m.text).split() for m in names), key=len)
        infos.append((root, chains.type(root), words, chains.gazetteer_name(root), names[0].token_start))
    for root, type_, words, known, first in infos:
        if known is not None or not words:
            continue
        candidates = []  # (strength, chain, first mention): a full-name or acronym match beats containment
        for other, other_type, other_words, other_known, other_first in infos:
            if other == root or len(other_words) <= len(words) or other_known is not None:
                continue
            n = len(words)
            if other_type == "Person" and type_ in {"Person", "Organization", "Place"} and words[0][:1].isupper() and (
                    other_words[-n:] == words or (type_ == "Person" and other_words[:n] == words)):
                # a surname ("Zelensky") alone is the person with that fuller name, even when the NER
                # took it for something else; so is a first name ("Keir") read as a person
                candidates.append((2, other, other_first))
            elif other_type != "Person" and acronym(" ".join(words)) in initials(other_words):
                # "MIT" abbreviates "Massachusetts Institute of Technology"
                candidates.append((2, other, other_first))
            elif type_ == other_type == "Organization" and _contains(other_words, words):
                # "Scientology" is the "Church of Scientology" named before or after it
                candidates.append((1, other, other_first))
        if candidates:
            strongest = max(c[0] for c in candidates)
            candidates = [c for c in candidates if c[0] == strongest]
            # several share the name: the one named most recently before it, else the most mentioned
            earlier = [c for c in candidates if c[2] < first]
            if earlier:
                target = max(earlier, key=lambda c: c[2])[1]
            else:
                target = max(candidates, key=lambda c: (len(chains.members(c[1])), -c[2]))[1]
            chains.union(target, root)


def _contains(longer: list[str], shorter: list[str]) -> bool:
    n = len(shorter)
    return any(longer[k:k + n] == shorter for k in range(len(longer) - n + 1)) and \
        any(w.lower() not in _FUNCTION_WORDS for w in shorter)


# --- 3. descriptions tied to a name by the grammar ------------------------------------

def _link_descriptors(chains: Chains) -> None:
    doc, mentions = chains.doc, chains.mentions
    covering: dict[int, int] = {}
    for i, m in enumerate(mentions):
        if m.kind != "nominal":
            for t in range(m.token_start, m.token_end):
                covering.setdefault(t, i)
    for i, m in enumerate(mentions):
        if m.kind != "nominal":
            continue
        # "US president Bill Clinton": the phrase ends with the name it describes
        inner = [j for j, n in enumerate(mentions) if n.kind == "name" and n.token_end == m.token_end
                 and n.token_start > m.token_start and n.type == "Person"]
        if inner:
            chains.union(inner[0], i)
            _learn_role(chains, inner[0], m)
            continue
        # "Mecca, Saudi Arabia": a phrase that opens with the name heading it is that name
        j = covering.get(m.head)
        if j is not None and mentions[j].kind == "name" and mentions[j].token_start == m.token_start:
            chains.union(j, i)
            continue
        anchor = descriptor_anchor(doc[m.head], chains.gaz)
        j = covering.get(anchor.i) if anchor is not None else None
        if j is not None and (mentions[j].kind == "name" or chains.resolved[j]):
            chains.union(j, i)
            _learn_role(chains, j, m)


def _learn_role(chains: Chains, holder: int, m: Mention) -> None:
    if m.role:
        root = chains.find(holder)
        chains.roles[root].add(m.role)
        country = qualifying_country(chains.doc[m.head], chains.gaz)
        if country:
            chains.countries[root].add(country)


# --- 4. role nouns and generic nouns ------------------------------------------------------

def _salience(chains: Chains, root: int, token: int) -> float:
    return len(chains.before(root, token))


def _resolve_role_and_generic_nouns(chains: Chains) -> None:
    for i, m in enumerate(chains.mentions):
        if m.kind != "nominal" or chains.resolved[i]:
            continue
        target = _role_holder(chains, m) if m.role else _generic_referent(chains, m)
        if target is not None:
            chains.union(target, i)
            if m.role:
                _learn_role(chains, target, m)


def _named_roots_before(chains: Chains, m: Mention, window: int | None) -> list[int]:
    """Named chains mentioned before ``m`` (within ``window`` sentences), never the subject of m's own clause."""
    here = chains.sentence(m)
    head = chains.doc[m.head]
    out = []
    for root in chains.roots():
        if not chains.names(root):
            continue
        seen = chains.before(root, m.token_start)
        if not seen or (window is not None and here - chains.sentence(seen[-1]) > window):
            continue
        # "Mr Zelensky met the Ukrainian president": the object is someone else
        if chain_bound(chains, root, head):
            continue
        out.append(root)
    return out


def _role_holder(chains: Chains, m: Mention) -> int | None:
    """The person a role noun stands for.

    The holder of that title (of that country, if one qualifies it) known so far,
    the most mentioned first; failing that, for a leader's title, the most
    mentioned recent person holding no other title and of no other country.
    """
    gaz = chains.gaz
    country = qualifying_country(chains.doc[m.head], gaz)
    people = [r for r in _named_roots_before(chains, m, None) if chains.type(r) == "Person" and not chains.group(r)]

    def fits_country(r: int) -> bool:
        return country is None or not chains.countries[r] or country in chains.countries[r]

    holders = [r for r in people if m.role in chains.roles[r] and fits_country(r)]
    if holders:
        return max(holders, key=lambda r: _salience(chains, r, m.token_start))
    title = gaz.title(m.role)
    if title is None or not title.leader:
        return None
    recent = [r for r in _named_roots_before(chains, m, ROLE_WINDOW)
              if chains.type(r) == "Person" and not chains.roles[r] and fits_country(r)]
    return max(recent, key=lambda r: _salience(chains, r, m.token_start)) if recent else None


def _generic_referent(chains: Chains, m: Mention) -> int | None:
    """What "the country", "the company", "the church" stands for.

    A named thing whose name holds the noun ("the church" -> "Church of
    Scientology") anywhere before; else the last thing of a compatible type in
    the last few sentences.
    """
    if m.type not in _COMPATIBLE:
        return None
    noun = chains.doc[m.head].lower_
    before = _named_roots_before(chains, m, None)
    # a name holding the noun settles it whatever the NER thought the name was ("Church of Scientology")
    named_so = [r for r in before if chains.type(r) != "Person"
                and any(noun in re.findall(r"\w+", n.text.lower()) for n in chains.names(r))]
    fits = [r for r in before if chains.type(r) in _COMPATIBLE[m.type]]
    recent = [r for r in _named_roots_before(chains, m, GENERIC_WINDOW) if r in fits]
    pool = named_so or recent
    if not pool:
        return None
    return max(pool, key=lambda r: chains.before(r, m.token_start)[-1].token_start)


# --- entities ------------------------------------------------------------------------------

def _canonical_name(chains: Chains, root: int) -> str:
    known = chains.gazetteer_name(root)
    if known:
        return known
    if chains.type(root) == "Person":
        return " ".join(chains.person_name(root))
    if chains.type(root) == "Weapon":
        # a weapon class is named in the singular: "anti-tank missiles" -> "anti-tank missile"
        m = max(chains.names(root), key=lambda n: n.token_end - n.token_start)
        span = chains.doc[m.token_start:m.token_end]
        return normalize_name(span[:-1].text_with_ws + span[-1].lemma_ if span.root.tag_ == "NNS" else span.text)
    return max((normalize_name(m.text) for m in chains.names(root)), key=len)


def _entities(chains: Chains) -> list[Entity]:
    entities = []
    for root in sorted(chains.roots(), key=lambda r: chains.mentions[r].start):
        names = chains.names(root)
        if not names:
            continue  # a chain of role nouns or pronouns only is no entity
        members = [chains.mentions[i] for i in chains.members(root) if chains.resolved[i]]
        entities.append(Entity(
            key=f"e{len(entities) + 1}",
            type=chains.type(root) or "Place",
            name=_canonical_name(chains, root),
            aliases={normalize_name(m.text) for m in names},
            mentions=sorted(members, key=lambda m: (m.start, m.end)),
        ))
    return entities
