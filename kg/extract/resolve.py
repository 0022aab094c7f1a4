"""In-document resolution: group the mentions of one article into entities.

The rules run in the order a reader would apply them, each merging chains of
mentions (a union-find over the mention list):

1. names: the same name, or names the gazetteer knows are one thing ("UK",
   "Britain", "British" -> United Kingdom);
2. partial names: a person's surname or first name alone ("Zelensky", "bin Laden",
   "Sir Keir", a known given name the NER took for an organisation) joins the one person
   whose fuller name it is part of; an acronym
   joins the name it abbreviates ("MIT"); a shorter organisation name joins
   the longer one that contains it ("Scientology" -> "Church of Scientology");
3. descriptions tied to a name by the grammar: the title phrase before a name,
   a phrase headed by a name ("Mecca, Saudi Arabia", "Mecca's Grand Mosque"), appositions,
   predicate nominals (see :func:`mentions.descriptor_anchor`);
4. role nouns ("the Ukrainian president", "the PM") join the person holding
   that role, and generic nouns ("the country", "the church") the thing they
   stand for (see :func:`_generic_referent`);
5. pronouns (:mod:`kg.extract.pronouns`).

A chain becomes an :class:`~kg.types.Entity` only if it holds a name: no node is
ever labelled "the president" or "he".  Mentions left unresolved are dropped.

Every look-back is bounded -- a few sentences and at most ``MAX_LOOKBACK`` tokens,
or an index (holders by role, names by word) -- so resolution takes time linear in
the length of the text, however long its sentences.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator

from spacy.tokens import Doc, Token

from ..gazetteer import Gazetteer, load_gazetteer, normalize_name
from ..types import Entity, Mention
from .mentions import descriptor_anchor, qualifying_country
from .pronouns import SUBJECTS, chain_bound, clause_of, resolve_pronouns

__all__ = ["Chains", "acronym", "initials", "name_parts", "resolve_entities", "strip_honorifics"]

# how far back (in sentences) a role noun or generic noun looks for its referent
ROLE_WINDOW = 3
GENERIC_WINDOW = 3
# the most tokens any windowed look-back covers, however long the sentences
MAX_LOOKBACK = 250
_LONGEST_PART = 6  # the most words of a shorter name that joins a longer one ("Rathbun", "Church of Scientology")
_FUNCTION_WORDS = {"of", "the", "and", "for", "on", "in", "at", "&", "de", "to", "a"}
# the types a generic noun of each type refers back to: "the region" is no country, "the country" no city
_BY_TYPE = {"Country": {"Country"}, "City": {"City", "Place"}, "Place": {"Place"}}
_PLACES = {"Place", "City", "Country"}
# words a generic noun may carry and still refer back: "the whole country", "that same city"
_PLAIN = {"whole", "entire", "same", "very", "current", "present"}
_MODIFIER_DEPS = {"compound", "amod", "nmod"}
_SAID = {"he": "male", "him": "male", "his": "male", "she": "female", "her": "female"}  # pronouns that tell a gender  # "US troops": a mention that only modifies another noun


class Chains:
    """Mentions grouped into chains (union-find), with what each chain has learned.

    A chain's facts -- its type, gazetteer name, gender, roles and countries --
    live on its root and are merged on :meth:`union`.  The mentions are in text
    order, so a bisection over their start tokens finds those before a token.
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
        self._said = {i: Counter([_SAID[m.text.lower()]] if m.text.lower() in _SAID else []) for i, m in enumerate(mentions)}
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


def strip_honorifics(words: list[str], gaz: Gazetteer) -> list[str]:
    """A name without leading honorifics or titles: ["Sir", "Keir", "Starmer"] -> ["Keir", "Starmer"]."""
    while len(words) > 1 and (words[0] in gaz.honorifics or gaz.title(words[0])):
        words = words[1:]
    return words


def name_parts(text: str, gaz: Gazetteer) -> list[str]:
    """The words of a name in reading order, honorifics and titles dropped; a name written
    surname first in a list ("Twain, Mark") is read given name first (["Mark", "Twain"])."""
    surname, comma, given = normalize_name(text).partition(", ")
    return strip_honorifics((f"{given} {surname}" if comma else surname).split(), gaz)


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

def _name_keys(m: Mention, gaz: Gazetteer) -> tuple[str, str]:
    """Names sharing a key are one entity.  Keys: the gazetteer's name, else the name as
    written; and the name as written with its type, so that a name the gazetteer knows
    only with its article ("the Commonwealth") still joins the same name without it."""
    written = " ".join(name_parts(m.text, gaz)).lower()
    typed = f"{m.type}:{written}"
    entry = gaz.lookup(m.text)
    if entry is not None and entry.type == m.type:
        return entry.name, typed
    country = gaz.country_of_demonym(m.text)
    if country and m.type == "Country":
        return country, typed
    return written, typed


def _merge_same_names(chains: Chains) -> None:
    first: dict[str, int] = {}
    for i, m in enumerate(chains.mentions):
        if m.kind == "name":
            for key in _name_keys(m, chains.gaz):
                chains.union(first.setdefault(key, i), i)


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
    # each name by the runs of its words and by its initials, so a short name finds the longer ones holding it
    by_part: dict[tuple[str, ...], list[int]] = {}
    for k, (_, _, other_words, other_known, _) in enumerate(infos):
        if other_known is None:
            n = len(other_words)
            for a in range(n):
                for b in range(a + 1, min(n, a + _LONGEST_PART) + 1):
                    by_part.setdefault(tuple(other_words[a:b]), []).append(k)
            for form in initials(other_words):
                by_part.setdefault((form,), []).append(k)
    for root, type_, words, known, first in infos:
        if known is not None or not words:
            continue
        candidates = []  # (strength, chain, first mention): a full-name or acronym match beats containment
        holding = set(by_part.get(tuple(words), [])) | set(by_part.get((acronym(" ".join(words)) or "",), []))
        for k in sorted(holding):
            other, other_type, other_words, other_known, other_first = infos[k]
            if other == root or len(other_words) <= len(words):
                continue
            n = len(words)
            if other_type == "Person" and type_ in {"Person", "Organization", "Place"} and (
                    (other_words[-n:] == words and words[-1][:1].isupper())
                    or ((type_ == "Person" or (n == 1 and gaz.is_given_name(words[0])))
                        and other_words[:n] == words and words[0][:1].isupper())):
                # a surname ("Zelensky", "bin Laden") alone is the person with that fuller name, even when
                # the NER took it for something else; so is a first name ("Keir") read as a person, or
                # a known given name alone, whatever the NER took it for
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
    people_ending: dict[int, list[int]] = {}  # token end -> the person names ending there
    for i, m in enumerate(mentions):
        if m.kind != "nominal":
            for t in range(m.token_start, m.token_end):
                covering.setdefault(t, i)
        if m.kind == "name" and m.type == "Person":
            people_ending.setdefault(m.token_end, []).append(i)
    for i, m in enumerate(mentions):
        if m.kind != "nominal":
            continue
        # "US president Bill Clinton": the phrase ends with the name that heads it (not "a writer
        # born in Tiberias", which only ends with a name)
        inner = [j for j in people_ending.get(m.token_end, [])
                 if m.token_start < mentions[j].token_start <= m.head]
        if inner:
            chains.union(inner[0], i)
            _learn_role(chains, inner[0], m)
            continue
        # "Mecca, Saudi Arabia", "Mecca's Grand Mosque": a phrase headed by a name is that name
        j = covering.get(m.head)
        if j is not None and mentions[j].kind == "name" and mentions[j].head == m.head:
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
        chains.holders.setdefault(m.role, []).append(root)
        country = qualifying_country(chains.doc[m.head], chains.gaz)
        if country:
            chains.countries[root].add(country)


# --- 4. role nouns and generic nouns ------------------------------------------------------

def _resolve_role_and_generic_nouns(chains: Chains) -> None:
    for i, m in enumerate(chains.mentions):
        if m.kind != "nominal" or chains.resolved[i]:
            continue
        target = _role_holder(chains, m) if m.role else _generic_referent(chains, m)
        if target is not None:
            chains.union(target, i)
            if m.role:
                _learn_role(chains, target, m)


def _candidate(chains: Chains, root: int, m: Mention) -> bool:
    """May ``m`` refer to the chain?  It must hold a name, and not be the subject of m's own
    clause ("Mr Zelensky met the Ukrainian president": the object is someone else)."""
    return chains.named(root) and not chain_bound(chains, root, chains.doc[m.head])


def _recent_roots(chains: Chains, m: Mention, window: int) -> list[int]:
    """Named chains mentioned in ``m``'s sentence and the ``window`` before it, the latest first."""
    roots = dict.fromkeys(chains.find(i) for i in chains.window(m.token_start, window))
    return [r for r in roots if _candidate(chains, r, m)]


def _role_holder(chains: Chains, m: Mention) -> int | None:
    """The person a role noun stands for.

    The holder of that title (of that country, if one qualifies it) this article has
    named, by a title before the name or an apposition, the most mentioned first.
    Failing that, for a leader's title, the one recent person holding no other title
    and of no other country -- if there is exactly one.  A role noun whose own phrase
    says whose role it is ("the president of Adelaide's Islamic Society") is left to
    the apposition or predicate that names its holder.
    """
    gaz = chains.gaz
    head = chains.doc[m.head]
    if _described(head, gaz):
        return None
    country = qualifying_country(head, gaz)

    def fits(r: int) -> bool:
        return (chains.type(r) == "Person" and not chains.group(r) and _candidate(chains, r, m)
                and (country is None or not chains.countries[r] or country in chains.countries[r]))

    holders = [r for r in chains.holders_of(m.role) if fits(r) and chains.last_before(r, m.token_start)]
    if holders:
        return max(holders, key=lambda r: chains.count_before(r, m.token_start, cap=20))
    title = gaz.title(m.role)
    if title is None or not title.leader:
        return None
    recent = [r for r in _recent_roots(chains, m, ROLE_WINDOW) if fits(r) and not chains.roles[r]]
    return recent[0] if len(recent) == 1 else None


def _described(head: Token, gaz: Gazetteer) -> bool:
    """Does a role noun's own phrase say whose role it is, other than a country's ("the head of the mosque")?"""
    for prep in head.rights:
        if prep.dep_ == "prep" and prep.lower_ in {"of", "for", "at"}:
            objects = [o for o in prep.children if o.dep_ == "pobj"]
            if not all((e := gaz.lookup(o.text)) is not None and e.type == "Country" for o in objects):
                return True
    return False


def _generic_referent(chains: Chains, m: Mention) -> int | None:
    """What "the country", "the company", "the church" stands for.

    * A phrase with a name inside is that name when the name is of the noun's kind
      ("the Reuters news agency", "the Blue Mountains region"), and no other thing when
      not: "the Brixton mosque", "the US team", "the Bush administration".
    * A noun that refers back by type ("the country", "the city", "the region") stands
      for a thing whose name holds the noun ("the island" -> Christmas Island), else for
      the most mentioned thing of its type named in the last few sentences -- mentions
      heading their phrase first ("Afghanistan", not the "US" of "US troops"); with a
      demonstrative ("that state"), the latest.  Said with
      a word of its own ("the war ravaged country") it describes something the article
      has not named just before, and is left alone.
    * Any other noun only for the last thing named with it, or a word of its class, in
      its name: "the church" -> Church of Scientology, "the government" -> Federal
      Government, "the radio station" -> Radio New Zealand; never for whatever
      organisation came last ("the network" is not al-Qaeda).
    """
    gaz, doc = chains.gaz, chains.doc
    head = doc[m.head]
    noun = head.lower_ if head.lower_ in gaz.generic_nouns else head.lemma_.lower()
    if noun not in gaz.generic_nouns or (m.type not in _BY_TYPE and m.type != "Organization"):
        return None
    by_type = noun in gaz.generic_by_type
    modifiers = doc[m.token_start + 1:m.head]
    if any(t.pos_ == "PROPN" or (t.text[:1].isupper() and t.is_alpha) for t in modifiers):
        kinds = _PLACES if by_type and m.type == "Place" else {"Organization"} if m.type == "Organization" else set()
        return _name_inside(chains, m, kinds)
    named = _last_named_with(chains, m, gaz.generic_words(noun), headed=by_type)
    if named is not None or not by_type or any(t.lower_ not in _PLAIN for t in modifiers):
        return named
    fits = [r for r in _recent_roots(chains, m, GENERIC_WINDOW) if chains.type(r) in _BY_TYPE[m.type]]
    if not fits:
        return None
    if doc[m.token_start].lower_ in {"this", "that"}:
        return fits[0]

    def salience(r: int) -> tuple[int, int, int]:
        heading = sum(doc[chains.mentions[i].head].dep_ not in _MODIFIER_DEPS
                      for i in itertools.islice(chains.before(r, m.token_start), 10))
        return heading, chains.count_before(r, m.token_start, cap=10), -fits.index(r)  # of equals, the latest

    return max(fits, key=salience)


def _name_inside(chains: Chains, m: Mention, kinds: set[str]) -> int | None:
    """The chain of a name inside ``m`` whose type is one of ``kinds`` ("Reuters" in "the Reuters news agency")."""
    first = bisect_left(chains.starts, m.token_start)
    for i in range(first, len(chains.mentions)):
        n = chains.mentions[i]
        if n.token_start >= m.token_end:
            break
        if n.kind == "name" and n.token_end <= m.token_end and chains.type(i) in kinds:
            return chains.find(i)
    return None


def _last_named_with(chains: Chains, m: Mention, words: set[str], headed: bool) -> int | None:
    """The chain of the last name before ``m`` holding one of ``words``, whatever the NER thought it was.

    With ``headed``, only a name the word heads: "the city" is Taipei City, not "the Taipei City
    Lantern Festival"; "the island" is Christmas Island, and the City of London.
    """
    best = None
    for word in words:
        found = chains.name_words.get(word, [])
        k = bisect_left(found, bisect_left(chains.starts, m.token_start)) - 1
        while k >= 0 and (chains.mentions[found[k]].token_end > m.token_start
                          or (headed and not _headed_by(chains.mentions[found[k]].text, word))):
            k -= 1
        if k >= 0 and (best is None or found[k] > best):
            best = found[k]
    if best is None:
        return None
    root = chains.find(best)
    return root if chains.type(root) != "Person" and _candidate(chains, root, m) else None


def _headed_by(name: str, word: str) -> bool:
    """Is ``word`` the head of the name: its last word, or the word before its "of"?"""
    words = re.findall(r"\w+", name.lower())
    return any(w == word and (k == len(words) - 1 or words[k + 1] == "of") for k, w in enumerate(words))


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
