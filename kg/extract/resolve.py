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
5. pronouns (:mod:`kg.extract.pronouns`);
6. role nouns still alone, with what the pronouns told: the holder of a title given in
   another wording ("the minister" after "the Trade and Industry Secretary"), a title joined
   to one ("the European commissioner and former Labour minister"), and a title opening a
   sentence about the person the text is about (see :func:`_topic_holder`).

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

from spacy.tokens import Doc, Token

from kg.knowledge.gazetteer import Gazetteer
from kg.knowledge.knowledge import Knowledge
from kg.knowledge.names import acronym, initials, name_parts, normalize_name
from kg.types import Entity, Mention
from kg.extract.chains import MAX_LOOKBACK, Chains
from kg.extract.grammar import SUBJECTS, clause_of, in_quote
from kg.extract.mentions import descriptor_anchor, place_classes, qualifying_country
from kg.extract.pronouns import chain_bound, resolve_pronouns

__all__ = ["resolve_entities"]

# how far back (in sentences) a role noun or generic noun looks for its referent
ROLE_WINDOW = 3
GENERIC_WINDOW = 3
# the most tokens any windowed look-back covers, however long the sentences
_LONGEST_PART = 6  # the most words of a shorter name that joins a longer one ("Rathbun", "Church of Scientology")
# the types a generic noun of each type refers back to: "the region" is no country, "the country" no city
# (a city noun may also stand for a place the NER could not tell the kind of)
_BY_TYPE = {"Country": {"Country"}, "City": {"City", "Place"}, "Place": {"Place"}}
_MODIFIER_DEPS = {"compound", "amod", "nmod"}  # "US troops": a mention that only modifies another noun


def resolve_entities(doc: Doc, mentions: list[Mention], knowledge: Knowledge) -> list[Entity]:
    """Group ``mentions`` (from :func:`find_mentions`) into the document's entities."""
    chains = Chains(doc, mentions, knowledge)
    _merge_same_names(chains)
    _merge_bracketed_acronyms(chains)
    _merge_partial_names(chains)
    _link_descriptors(chains)
    _resolve_role_and_generic_nouns(chains)
    government = _government_of_the_article(chains)
    resolve_pronouns(chains)
    _resolve_role_nouns_left(chains)
    _link_descriptors(chains)  # predicate nominals of pronouns ("He is a professor")
    return _entities(chains, government)


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


def _merge_bracketed_acronyms(chains: Chains) -> None:
    """An acronym in brackets right after a name is that name's: "the US Securities and Exchange
    Commission (SEC)", "the Office for National (ONS) statistics".  The text defines it there, so
    its letters need only mostly be the name's initials (the first letter must be one): a garbled
    name ("Office for National") or a country prefix ("US") still gets its acronym.  Not for a
    person ("Jane Smith (AP)" is a credit) nor a place ("Kent (UK)")."""
    doc, mentions = chains.doc, chains.mentions
    by_start = {m.token_start: i for i, m in enumerate(mentions) if m.kind == "name"}
    for i, m in enumerate(mentions):
        if m.kind != "name" or m.type != "Organization" or m.token_end + 2 >= len(doc):
            continue
        j = by_start.get(m.token_end + 1)
        if doc[m.token_end].text != "(" or j is None or mentions[j].token_end >= len(doc) \
                or doc[mentions[j].token_end].text != ")":
            continue
        letters = acronym(mentions[j].text)
        firsts = {w[0] for w in normalize_name(m.text).split() if w[:1].isupper()}
        if letters and letters[0] in firsts and 2 * sum(c in firsts for c in letters) >= len(letters):
            chains.union(i, j)


# --- 2. partial names: surnames, first names, acronyms, short organisation names -------------

def _merge_partial_names(chains: Chains) -> None:
    gaz = chains.gaz
    kinds = set(gaz.generic_nouns) | gaz.organisation_name_ends
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
            for form in initials(other_words, gaz.name_function_words):
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
            if other_type == "Person" and type_ in {"Person", "Organization", "Place", "City"} and (
                    (other_words[-n:] == words and words[-1][:1].isupper())
                    or ((type_ == "Person" or (n == 1 and gaz.is_given_name(words[0])))
                        and other_words[:n] == words and words[0][:1].isupper())):
                # a surname ("Zelensky", "bin Laden") alone is the person with that fuller name, even when
                # the NER took it for something else; so is a first name ("Keir") read as a person, or
                # a known given name alone, whatever the NER took it for
                candidates.append((2, other, other_first))
            elif other_type != "Person" and acronym(" ".join(words)) in initials(other_words, gaz.name_function_words):
                # "MIT" abbreviates "Massachusetts Institute of Technology"
                candidates.append((2, other, other_first))
            elif type_ == other_type == "Organization" and _contains(other_words, words, gaz.name_function_words):
                # "Scientology" is the "Church of Scientology" named before or after it
                candidates.append((1, other, other_first))
            elif ({type_, other_type} <= {"Organization", "Place", "Event"} and other_words[:len(words)] == words
                  and (other_words[-1].lower() in gaz.place_nouns or other_words[-1].lower() in gaz.event_name_ends
                       or (type_ == other_type and other_words[-1].lower() in kinds))):
                # "Wolong" is the "Wolong Nature Reserve", "World Cross Country" the "World Cross Country
                # Championships", the NER's types aside: the longer name is the shorter with a word saying
                # what kind of place or event it is (not "Durham University")
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


def _contains(longer: list[str], shorter: list[str], function_words: frozenset[str] | set[str]) -> bool:
    n = len(shorter)
    return any(longer[k:k + n] == shorter for k in range(len(longer) - n + 1)) and \
        any(w.lower() not in function_words for w in shorter)


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
        anchor = descriptor_anchor(doc[m.head], chains.knowledge)
        j = covering.get(anchor.i) if anchor is not None else None
        if j is not None and (mentions[j].kind == "name" or chains.resolved[j]):
            chains.union(j, i)
            _learn_role(chains, j, m)


def _learn_role(chains: Chains, holder: int, m: Mention) -> None:
    if m.role:  # a past title too: "former Pennsylvania Senator Rick Santorum ... the Senator"
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
        if m.role:
            target = _role_holder(chains, m)
        elif m.type == "Person":
            target = _national(chains, m)
        else:
            target = _generic_referent(chains, m)
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
    Failing that, the one holder of a title of its kind given in another wording ("the
    minister" after "Home Secretary Patricia Hewitt"; reference.yaml's title_kinds), of
    the same party or organisation if one qualifies the role noun.  Failing that, for a leader's title, the one recent person holding no other title
    and of no other country -- if there is exactly one, no other person is named later in
    the role noun's sentence, and the role noun is not one of a pair of titles (news often
    names the leader without the title: in "the prime minister told Mr Brown" and "the prime
    minister and chancellor", the one recent person is neither).  A role noun whose own phrase
    says whose role it is ("the president of Adelaide's Islamic Society") is left to
    the apposition or predicate that names its holder; a past title ("the former prime
    minister") is not its present holder's, and is left to :func:`_topic_holder`.
    """
    gaz = chains.gaz
    head = chains.doc[m.head]
    if _described(head, gaz) or _past_title(chains, m):
        return None
    country = qualifying_country(head, gaz)

    def fits(r: int) -> bool:
        return (chains.type(r) == "Person" and not chains.group(r) and _candidate(chains, r, m)
                and (country is None or not chains.countries[r] or country in chains.countries[r]))

    holders = [r for r in chains.holders_of(m.role) if fits(r) and chains.last_before(r, m.token_start)]
    if holders:
        return max(holders, key=lambda r: chains.count_before(r, m.token_start, cap=20))
    # a title given in another wording: "the minister" after "the Trade and Industry Secretary",
    # only when one person holds such a title
    kin = {r for kind in _kindred_titles(chains, m.role) for r in chains.holders_of(kind)
           if fits(r) and chains.last_before(r, m.token_start) and _qualifiers_fit(chains, head, r)}
    if len(kin) == 1:
        return kin.pop()
    title = gaz.title(m.role)
    if title is None or not title.leader or _pronoun_subject(chains, head):
        return None
    recent = [r for r in _recent_roots(chains, m, ROLE_WINDOW) if fits(r) and not chains.roles[r]]
    if len(recent) != 1 or _person_named_later(chains, m, recent[0]) or _paired_title(head, gaz):
        return None
    return recent[0]


def _kindred_titles(chains: Chains, role: str) -> set[str]:
    """The other titles a person called by ``role`` may have been given (reference.yaml's
    title_kinds, both ways round): "Minister" -> Home Secretary, ...; "Home Secretary" -> Minister."""
    kinds = chains.words.title_kinds
    return ({*kinds.get(role, ())} | {k for k, posts in kinds.items() if role in posts}) - {role}


def _past_title(chains: Chains, m: Mention) -> bool:
    """Does a word of time say the title is not held now: "the former police chief", "the then minister"?"""
    past = chains.words.past_holder_modifiers
    return any(t.lower_ in past or t.lower_.startswith("ex-") for t in chains.doc[m.token_start:m.head])


def _resolve_role_nouns_left(chains: Chains) -> None:
    """Role nouns the first pass left alone, now that the pronouns are resolved, in text order
    (so a title resolved here is known to the titles after it)."""
    for i, m in enumerate(chains.mentions):
        if m.kind != "nominal" or chains.resolved[i] or not m.role:
            continue
        target = _role_holder(chains, m)
        if target is None:
            target = _conjoined_holder(chains, m)
        if target is None:
            target = _topic_holder(chains, m)
        if target is not None:
            chains.union(target, i)
            _learn_role(chains, target, m)


def _conjoined_holder(chains: Chains, m: Mention) -> int | None:
    """The person a title joined to a resolved title stands for, when the verb says they are one:
    "the European commissioner and former Labour minister was speaking" (one person), not "the
    prime minister and chancellor faced ..." (a past tense says nothing) nor "... were"."""
    head = chains.doc[m.head]
    if head.dep_ != "conj" or not _one_person(head.head):
        return None
    first = [j for j in chains.by_head.get(head.head.i, []) if chains.resolved[j] and chains.mentions[j].role]
    return chains.find(first[0]) if first and chains.type(first[0]) == "Person" else None


def _one_person(subject: Token) -> bool:
    """Does the verb of a subject made of joined nouns agree in the singular ("... and ... was", "has", "says")?"""
    verb = subject.head
    if subject.dep_ not in SUBJECTS:
        return False
    forms = [verb, *[c for c in verb.children if c.dep_ in {"aux", "auxpass"}]]
    return any(t.tag_ == "VBZ" or t.lower_ == "was" for t in forms) and not any(t.tag_ == "VBP" or t.lower_ == "were" for t in forms)


def _topic_holder(chains: Chains, m: Mention) -> int | None:
    """The person a title opening a sentence stands for when it continues what the text says of them.

    "Middlesbrough mayor Ray Mallon has been drafted in ... The former police chief ... clashed
    with ...", "'...,' he said. The home secretary was responding ...", headline "Hewitt decries
    ..." then "..., the Trade and Industry Secretary has said": a definite title that is the subject
    of its sentence's main clause stands for the subject of the last sentence before it with a
    person as its subject (within a few sentences; a headline's one person counts as its
    subject, its grammar being its own), when:

    * that person is mentioned more often so far than any other person of the last few sentences:
      the person the text is about, not one met in passing ("John Smith met Mary Jones. The
      president spoke." is either);
    * no other person is named in the sentences in between, nor before the title in its sentence;
    * the person is not named again in the title's own sentence ("The minister praised Mr X"
      is not X);
    * the title fits: of no other country; with a party or organisation before it ("the Tory
      leader") only if the person's own mentions name it; and the person holds no other title
      now, unless of one kind with this one ("the Trade and Industry Secretary ... the minister").

    Not on purpose: a title in the singular only ("the ministers" are several), after "the" only
    ("his spokesman" is someone else), not inside quotation marks (a quote's "the minister" is often
    the speaker's opponent), not one of two titles joined ("the prime minister and chancellor faced
    ..." are two people), nor a title said to be someone else's ("the head of the mosque").
    """
    doc, gaz = chains.doc, chains.gaz
    head = doc[m.head]
    start, end = _unit_of(chains, head.i)
    if (doc[m.token_start].lower_ != "the" or head.dep_ not in {"nsubj", "nsubjpass"}
            or head.head not in _unit_heads(doc, start, end) or head.tag_ in {"NNS", "NNPS"} or in_quote(head)
            or _described(head, gaz) or (any(gaz.title(t.text) is not None for t in head.conjuncts) and not _one_person(head))):
        return None
    if any(_person_chain(chains, j) is not None for j in _mentions_between(chains, start, m.token_start)):
        return None
    topic = None
    for _ in range(ROLE_WINDOW):
        if start == 0:
            break
        start, end = _unit_of(chains, start - 1)
        subjects = [_person_chain(chains, j) for h in _unit_heads(doc, start, end)
                    for s in chains.clause_subjects.get(h.i, []) for j in chains.by_head.get(s, [])]
        topic = next((r for r in subjects if r is not None), None)
        people = {r for j in _mentions_between(chains, start, end) if (r := _person_chain(chains, j)) is not None}
        if topic is None and start == 0 and len(people) == 1 and end < len(doc) and "\n" in doc[end].text:
            topic = people.pop()  # a headline's grammar is its own ("Hewitt decries 'career sexism'")
        if topic is not None or people:
            break
    if topic is None or not _candidate(chains, topic, m) or chains.group(topic):
        return None
    if _named_again(chains, m, topic) or not _most_mentioned(chains, topic, m.token_start):
        return None
    country = qualifying_country(head, gaz)
    if country is not None and chains.countries[topic] and country not in chains.countries[topic]:
        return None
    if not _qualifiers_fit(chains, head, topic) or not _titles_fit(chains, m, topic):
        return None
    return topic


def _unit_of(chains: Chains, token: int) -> tuple[int, int]:
    """The tokens (start, end) of the sentence holding ``token``, cut at line breaks (a headline the
    parser ran into the first sentence is a unit of its own), and at ``MAX_LOOKBACK`` tokens either side."""
    doc = chains.doc
    k = chains.sent_of[token]
    start = max(chains.sent_starts[k], token - MAX_LOOKBACK)
    end = min(chains.sent_starts[k + 1] if k + 1 < len(chains.sent_starts) else len(doc), token + MAX_LOOKBACK)
    breaks = [t.i for t in doc[start:end] if "\n" in t.text]
    start = max([b + 1 for b in breaks if b < token], default=start)
    end = min([b for b in breaks if b > token], default=end)
    return start, end


def _unit_heads(doc: Doc, start: int, end: int) -> list[Token]:
    """The main clauses' heads of a unit: its words headed from outside it (or by themselves)."""
    return [t for t in doc[start:end] if not t.is_punct and not t.is_space and (t.head == t or not start <= t.head.i < end)]


def _mentions_between(chains: Chains, start: int, end: int) -> range:
    """The indexes of the mentions starting in tokens ``start`` to ``end``."""
    return range(bisect_left(chains.starts, start), bisect_left(chains.starts, end))


def _person_chain(chains: Chains, j: int) -> int | None:
    """The named person chain of mention ``j``, if it has one."""
    root = chains.find(j)
    return root if chains.resolved[j] and chains.named(root) and chains.type(root) == "Person" else None


def _named_again(chains: Chains, m: Mention, root: int) -> bool:
    """Is the chain named after ``m`` in its sentence?"""
    _, end = _unit_of(chains, m.head)
    return any(chains.mentions[j].kind == "name" and chains.find(j) == root for j in _mentions_between(chains, m.token_end, end))


def _most_mentioned(chains: Chains, root: int, token: int) -> bool:
    """Has the article mentioned ``root`` more often before ``token`` than any other person named in
    the last few sentences (the ones the title could also be)?"""
    mine = _times_named(chains, root, token, cap=50)
    others = {r for j in chains.window(token, ROLE_WINDOW) if (r := _person_chain(chains, j)) is not None} - {root}
    return all(_times_named(chains, r, token, cap=mine) < mine for r in others)


def _times_named(chains: Chains, root: int, token: int, cap: int) -> int:
    """How often (at most ``cap``) the chain is named or a pronoun stands for it before ``token``
    (a title before a name, "media chief Alastair Campbell", is no second mention)."""
    mentions = (i for i in chains.before(root, token) if chains.mentions[i].kind != "nominal")
    return sum(1 for _ in itertools.islice(mentions, cap))


def _qualifiers_fit(chains: Chains, head: Token, root: int) -> bool:
    """Does every party or organisation's name before the title ("the Tory leader", "the BBC's editor")
    also stand in one of the person's own mentions ("Tory spokesman Julian Lewis")?  A country is
    checked apart; other words ("the European commissioner") say nothing of whose title it is."""
    gaz = chains.gaz
    own = {t.lower_ for i in chains.members(root) for t in chains.doc[chains.mentions[i].token_start:chains.mentions[i].token_end]}
    parties = {gaz.party_of_modifier(w).name for w in own if gaz.party_of_modifier(w) is not None}
    for child in head.lefts:
        if child.dep_ not in {"amod", "compound", "poss", "nmod"} or child.lower_ in own:
            continue
        party = gaz.party_of_modifier(child.text)
        if party is not None:
            if party.name not in parties:
                return False
        elif any(chains.type(j) == "Organization" for j in chains.by_head.get(child.i, []) if chains.resolved[j]):
            return False
    return True


def _titles_fit(chains: Chains, m: Mention, root: int) -> bool:
    """Does the person hold no title now but this one or one of its kind?  Any, for a past title
    ("the former police chief" may now be a mayor)."""
    if _past_title(chains, m):
        return True
    fitting = {m.role} | _kindred_titles(chains, m.role)
    return all(chains.mentions[i].role in fitting for i in chains.members(root)
               if chains.mentions[i].role and chains.resolved[i] and not _past_title(chains, chains.mentions[i]))


def _paired_title(head: Token, gaz: Gazetteer) -> bool:
    """Is the role noun joined to another title: "the prime minister and chancellor"?"""
    return any(gaz.title(t.text) is not None for t in head.conjuncts)


def _person_named_later(chains: Chains, m: Mention, root: int) -> bool:
    """Is a person other than ``root`` named after ``m`` in its sentence?"""
    sentence = chains.sentence(m)
    for j in range(bisect_left(chains.starts, m.token_end), len(chains.mentions)):
        other = chains.mentions[j]
        if chains.sentence(other) != sentence:
            return False
        if other.kind == "name" and other.type == "Person" and chains.find(j) != chains.find(root):
            return True
    return False


def _pronoun_subject(chains: Chains, head: Token) -> bool:
    """Is the role noun's clause about someone a pronoun names ("he did not trust the prime minister",
    "I trust the prime minister")?  The person just named is then most likely that pronoun, and the
    title someone else's: a leader's title is not guessed from the one recent person there."""
    pronouns = chains.words.pronouns
    return head.dep_ not in SUBJECTS and any(
        chains.doc[s].lower_ in pronouns and pronouns[chains.doc[s].lower_]["person"] in {1, 3}
        for s in chains.clause_subjects.get(clause_of(head), []))


def _national(chains: Chains, m: Mention) -> int | None:
    """The person a demonym noun stands for ("the Moroccan", see :func:`mentions._demonym_noun`): the
    latest person named in the last few sentences who is of no other country, which the chain then
    is of -- so "the Ethiopian" after "El Guerrouj could meet Bekele" is Bekele, and a later "the
    Moroccan" is not.  Likewise a person noun or an age ("the two-time champion", "the 30-year-old"):
    the latest person named.  Never a group, nor the subject of the noun's own clause."""
    country = chains.gaz.country_of_demonym(chains.doc[m.head].text)
    for root in _recent_roots(chains, m, ROLE_WINDOW):
        if (chains.type(root) == "Person" and not chains.group(root)
                and (country is None or not chains.countries[root] or country in chains.countries[root])):
            if country is not None:
                chains.countries[root].add(country)
            return root
    return None


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
        kinds = place_classes(chains.knowledge.ontology) if by_type and m.type == "Place" else \
            {"Organization"} if m.type == "Organization" else set()
        return _name_inside(chains, m, kinds)
    named = _last_named_with(chains, m, gaz.generic_words(noun), headed=by_type)
    if named is not None or not by_type or any(t.lower_ not in chains.words.plain_modifiers for t in modifiers):
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


def _government_of_the_article(chains: Chains) -> tuple[int, str] | None:
    """"The government" no name stands for: the government of the country the article names most,
    counting the parties it names as their country's ("Labour", "the Tories" -> United Kingdom) --
    (a mention of the chain, its name), e.g. "Government of the United Kingdom".

    Only a bare definite "the government" (no word but "whole", "same" ...; not "the Iraqi
    government", "the Bush government", "the government of X", which say whose it is), left
    unresolved by the generic-noun rule, and only when the article names a country; all such
    mentions are one chain, a name of no other entity (no pronoun is resolved to it).  Not "the Government" of another country the article
    also names: that one the article names less often, and news writes it "the Iraqi government".
    """
    doc, mentions = chains.doc, chains.mentions
    words = chains.words
    found = []
    for i, m in enumerate(mentions):
        head = doc[m.head]
        if (m.kind != "nominal" or chains.resolved[i] or head.lemma_.lower() != "government"
                or doc[m.token_start].lower_ != "the" or head.tag_ != "NN"):
            continue
        between = doc[m.token_start + 1:m.head]
        if any(t.lower_ not in words.plain_modifiers for t in between) or _described(head, chains.gaz):
            continue
        found.append(i)
    if not found:
        return None
    votes: dict[str, tuple[int, int]] = {}  # country -> (names, -first offset)
    for root in chains.roots():
        names = chains.names(root)
        if not names:
            continue
        if chains.type(root) == "Country":
            country = chains.gazetteer_name(root) or _canonical_name(chains, root)
        else:
            party = chains.gaz.party(chains.gazetteer_name(root) or "")
            country = party.country if party else None
        if country:
            count, first = votes.get(country, (0, 0))
            votes[country] = (count + len(names), min(first, -names[0].start))
    if not votes:
        return None
    name = max(votes, key=lambda c: votes[c])
    for i in found:
        chains.union(found[0], i)
    chains.resolved[found[0]] = True
    return found[0], f"Government of the {name}" if name.startswith("United ") else f"Government of {name}"


def _entities(chains: Chains, government: tuple[int, str] | None = None) -> list[Entity]:
    entities = []
    government_root = chains.find(government[0]) if government else None
    for root in sorted(chains.roots(), key=lambda r: chains.mentions[r].start):
        names = chains.names(root)
        if not names and root != government_root:
            continue  # a chain of role nouns or pronouns only is no entity
        members = [chains.mentions[i] for i in chains.members(root) if chains.resolved[i]]
        name = _canonical_name(chains, root) if names else government[1]
        entities.append(Entity(
            key=f"e{len(entities) + 1}",
            type=chains.type(root) or "Place" if names else "Organization",
            name=name,
            aliases={normalize_name(m.text) for m in names} or {name},
            mentions=sorted(members, key=lambda m: (m.start, m.end)),
        ))
    return entities
