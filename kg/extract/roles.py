"""Roles, nationalities, memberships and locations: who a person is, where a place is.

What news writes around a name rather than in a verb:

- a title before a name: "British Defence Secretary John Healey" -> holdsRole
  "Defence Secretary", nationality UK; "US president Bill Clinton" -> holdsRole
  "President", nationality and leaderOf USA (a leader title qualified by a country);
- a title in apposition: "Jeff Rathke, the State Department spokesperson" ->
  holdsRole "Spokesperson", memberOf State Department (either order);
- a role noun resolved to a person: "the Ukrainian president" (coreference gave it
  Zelensky) -> holdsRole "President", nationality/leaderOf Ukraine;
- a predicate title: "X is the chairman of Y" -> holdsRole "Chairman", leaderOf Y;
- an office held: "Sir Keir's premiership", "the Obama presidency", "the
  chairmanship of X" -> holdsRole "Prime Minister", "President", "Chairman";
- a membership: "DAB's Ben Chan", "Lee Cheuk-yan of the Labour Party" -> memberOf;
- a location: "Aceh, Indonesia", "Sydney, Australia" -> locatedIn; and a place the
  gazetteer puts in a country the article also names ("Kyiv" ... "Ukraine").

Titles are recognised with the gazetteer's title lexicon (``ontology/gazetteer/
titles.yaml``) and written canonically ("PM" -> "Prime Minister").  A place the
gazetteer puts in a country mentioned in the same article is located in it.  Every
candidate carries its ontology ``predicate``; the lexicon is not consulted.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from spacy.tokens import Doc, Token

from kg.knowledge.gazetteer import Gazetteer, Title
from kg.knowledge.knowledge import Knowledge, Words
from kg.types import Candidate, Entity, Mention
from kg.extract.grammar import against_or_for, copula_subjects, lesser_post, sentence_entities, sentence_span, tokens_span
from kg.extract.index import EntityIndex

__all__ = ["extract_roles", "lookup_title"]

# what a title is qualified by, and what that makes the holder
NATIONALITY_TYPES = frozenset({"Country"})
MEMBERSHIP_TYPES = frozenset({"Organization"})
LEADABLE_TYPES = frozenset({"Country", "Organization", "City", "Place"})
PLACE_TYPES = frozenset({"City", "Place"})
CONTAINER_TYPES = frozenset({"Country", "Place"})
# prepositions that tie a title or a person to an organisation: "chairman of Y",
# "editor at Y", "Alvin Yeung from the Civic Party"
AFFILIATION_PREPS = frozenset({"of", "at", "for", "from"})
LONGEST_TITLE = 5  # tokens
ORDINALS = frozenset({"first", "second", "third", "last", "only", "next", "former"})
# titles whose country names the team they work for, not their citizenship:
# national teams often hire a foreign coach
TEAM_STAFF_TITLES = frozenset({"Coach", "Manager"})


# lower-case words that are titles only when capitalised: "a representative for the
# office" holds no seat in Congress, "the general public" is no officer
CAPITALISED_ONLY = frozenset({"representative", "general", "major", "chair", "marshal", "justice"})
# nouns naming the tenure of an office, and the title of whoever holds it: "X's premiership"
OFFICE_NOUNS = {
    "premiership": "Prime Minister", "presidency": "President", "chancellorship": "Chancellor",
    "governorship": "Governor", "mayoralty": "Mayor", "chairmanship": "Chairman",
    "chairwomanship": "Chairman", "captaincy": "Captain", "directorship": "Director",
    "speakership": "Speaker", "papacy": "Pope", "pontificate": "Pope", "editorship": "Editor",
    "ambassadorship": "Ambassador", "kingship": "King", "senatorship": "Senator",
    "secretaryship": "Secretary", "professorship": "Professor",
}
# determiners that make an office hypothetical: "a Trump presidency would ..."
INDEFINITES = frozenset({"a", "an", "any", "another"})


def lookup_title(form: str, gaz: Gazetteer) -> Title | None:
    """The canonical title a written form names ("PM" -> Prime Minister), or None.

    >>> from kg.knowledge.knowledge import load_knowledge
    >>> gaz = load_knowledge().gazetteer
    >>> lookup_title("PM", gaz)
    Title(title='Prime Minister', leader=True)
    >>> lookup_title("representative", gaz) is None
    True
    """
    if form.islower() and form in CAPITALISED_ONLY:
        return None
    return gaz.title(form)


def extract_roles(doc: Doc, index: EntityIndex, knowledge: Knowledge) -> list[Candidate]:
    """Every role, nationality, membership and location candidate in ``doc``.

    Titles, offices and memberships are a person's: sentences naming no person
    are skipped for them.
    """
    gaz, words = knowledge.gazetteer, knowledge.words
    out: list[Candidate] = []
    for sent in doc.sents:
        if not any(e.type == "Person" for e in sentence_entities(sent, index)):
            continue
        for tok in sent:
            out += _title_roles(tok, index, gaz, words)
            out += _office_holders(tok, index, gaz, words)
            out += _memberships(tok, index)
    out += _locations(doc, index)
    out += _known_locations(doc, index, gaz)
    return out


def _candidate(subject: Entity, predicate: str, obj: Entity | str, rule: str, confidence: float,
               anchor: Token, *tokens: Token) -> Candidate:
    return Candidate(
        subject=subject, relation=predicate, obj=obj, rule=rule, confidence=confidence,
        sentence=sentence_span(anchor), evidence=tokens_span([anchor, *tokens]), predicate=predicate,
    )


# -- titles -------------------------------------------------------------------


class _TitleMatch(NamedTuple):
    title: Title
    tokens: list[Token]  # the words of the title as written


def match_title(head: Token, index: EntityIndex, gaz: Gazetteer) -> _TitleMatch | None:
    """The title a noun heads, with its qualifying words: "Defence Secretary", "editor at large".

    The title is the longest lexicon form ending at or shortly after ``head``
    and built of ``head``'s own modifiers ("British Defence Secretary": British
    names a country, so it qualifies the title and is no part of it).
    """
    if head.lower_ not in gaz.title_heads and head.lemma_.lower() not in gaz.title_heads:
        return None
    start = head.i
    while start > 0:
        prev = head.doc[start - 1]
        if prev.text == "-" and start > 1:  # "vice-president": the hyphen joins two words of one title
            start -= 1
            continue
        if prev.dep_ not in ("compound", "amod") or prev.head.i not in range(start, head.i + 1):
            break
        if index.entity_at(prev.i) is not None and index.entity_at(prev.i) != index.entity_at(head.i):
            break
        start -= 1
    doc = head.doc
    for first in range(start, head.i + 1):
        for last in range(min(len(doc) - 1, head.i + LONGEST_TITLE), head.i - 1, -1):
            words = doc[first : last + 1]
            if words[-1].is_punct:
                continue
            # as written, then with a plural last word made singular ("defence ministers")
            for form in (words.text, words[:-1].text_with_ws + words[-1].lemma_):
                title = lookup_title(form, gaz)
                if title is not None:
                    return _TitleMatch(title, list(words))
    return None


def _holders(head: Token, index: EntityIndex, words: Words) -> Iterator[tuple[Token, str, float]]:
    """Who holds the title headed by ``head``, with the rule that saw it and a confidence.

    - the title is part of the person's mention, or a role noun resolved to them;
    - it stands before the name: "Defence Secretary John Healey";
    - it is in apposition, either way round: "X, the spokesperson" / "the spokesperson, X";
    - it is predicated of them: "X is the chairman of Y".
    """
    own = index.entity_at(head.i)
    if own is not None:
        mention = index.mention_at(head.i)
        kind = mention.kind if mention is not None else "name"
        if own.type == "Person":
            yield head, "role.title.v1" if kind == "name" else "role.noun.v1", 0.9 if kind == "name" else 0.75
        return
    if head.dep_ == "compound":
        yield head.head, "role.title.v1", 0.9
    elif head.dep_ == "appos":
        yield head.head, "role.appos.v1", 0.85
    for child in head.children:
        if child.dep_ == "appos":
            yield child, "role.appos.v1", 0.85
    # only a definite, qualified predicate names a role: "X is the chairman of Y",
    # not "X is a leader" or "X was the first foreign leader to ..."
    if any(True for _ in _qualifiers(head, index, words)) and not any(c.dep_ == "amod" and c.lower_ in ORDINALS
                                                              for c in head.children):
        for arg in copula_subjects(head, words):
            yield arg.token, "role.copula.v1", 0.8


def _title_roles(head: Token, index: EntityIndex, gaz: Gazetteer, words: Words) -> Iterator[Candidate]:
    """holdsRole, and the nationality/leadership/membership the title's qualifier gives."""
    if head.pos_ not in ("NOUN", "PROPN"):
        return
    match = match_title(head, index, gaz)
    if match is None or lesser_post(match.tokens[0], words):  # a deputy's title is not the office
        return
    for holder_tok, rule, conf in _holders(head, index, words):
        person = index.entity_at(holder_tok.i)
        if person is None or person.type != "Person":
            continue
        mention = index.mention_at(head.i)
        # coreference's title for a role noun wins, unless the title read here is a
        # longer one ("vice-president" over "president")
        own_role = mention.role if mention is not None and person == index.entity_at(head.i) else None
        title = own_role if own_role and len(match.tokens) == 1 else match.title.title
        yield _candidate(person, "holdsRole", title, rule, conf, head, holder_tok, *match.tokens)
        for qual_tok, qual in _qualifiers(head, index, words):
            if qual == person or qual_tok in match.tokens:
                continue  # "Secretary of State": a word of the title qualifies nothing
            for predicate in _affiliation_predicates(qual.type, match.title):
                yield _candidate(person, predicate, qual, rule.replace("role.", "role.affiliation."),
                                 round(conf - 0.05, 2), head, holder_tok, qual_tok)


def _qualifiers(head: Token, index: EntityIndex, words: Words) -> Iterator[tuple[Token, Entity]]:
    """Named entities that qualify a title: "British ...", "US president", "Britain's PM",
    "the State Department spokesperson", "chairman of Y", "editor at Y".

    Only names qualify: "secretary of state", "captain of the team" or "its
    chairman" name no organisation, whatever coreference made of the noun; and
    an "anti-Taliban commander" commands no Taliban.
    """
    for tok, ent in _qualifier_candidates(head, index, words):
        if _is_name(tok, index) and not against_or_for(tok, words):
            yield tok, ent


def _qualifier_candidates(head: Token, index: EntityIndex, words: Words) -> Iterator[tuple[Token, Entity]]:
    for child in head.children:
        ent = index.entity_at(child.i)
        if child.dep_ in ("amod", "compound", "poss", "nmod") and ent is not None:
            yield child, ent
        # "US defence secretary": the country may hang on a word of the title
        elif child.dep_ == "compound":
            yield from ((t, e) for t in child.children if (e := index.entity_at(t.i)) is not None
                        and t.dep_ in ("amod", "compound") and e.type in NATIONALITY_TYPES)
        elif child.dep_ == "prep" and child.lower_ in AFFILIATION_PREPS:
            for obj in child.children:
                ent = index.entity_at(obj.i)
                if obj.dep_ == "pobj" and ent is not None:
                    yield obj, ent


def _affiliation_predicates(qual_type: str, title: Title) -> list[str]:
    """What a title qualified by an entity of ``qual_type`` says about its holder."""
    preds = []
    if qual_type in NATIONALITY_TYPES:
        if title.title not in TEAM_STAFF_TITLES:
            preds.append("nationality")
    elif qual_type in MEMBERSHIP_TYPES:
        preds.append("memberOf")
    if title.leader and qual_type in LEADABLE_TYPES:
        preds.append("leaderOf")
    return preds


def _office_holders(noun: Token, index: EntityIndex, gaz: Gazetteer, words: Words) -> Iterator[Candidate]:
    """The holder of an office named by its tenure noun -> holdsRole the office's title.

    - a possessive: "under Sir Keir's premiership", "during his presidency";
    - a name as modifier: "the Obama presidency", "the Merkel chancellorship";
    - an "of" phrase: "the chairmanship of Lord Smith".

    The holder must be a person ("the EU presidency", "Britain's chairmanship of
    the G7" name a country's turn, no person's post).  An indefinite office is
    only supposed ("a Trump presidency would ..."), and a lesser rank is another
    office ("her vice-presidency").
    """
    if noun.pos_ != "NOUN" or noun.lemma_.lower() not in OFFICE_NOUNS or lesser_post(noun, words):
        return
    if any(c.dep_ == "det" and c.lower_ in INDEFINITES for c in noun.children):
        return
    title = lookup_title(OFFICE_NOUNS[noun.lemma_.lower()], gaz)
    if title is None:
        return
    holders = [c for c in noun.children if c.dep_ == "poss"]
    holders += [c for c in noun.children if c.dep_ == "compound" and _is_name(c, index)]
    holders += [o for p in noun.children if p.dep_ == "prep" and p.lower_ == "of"
                for o in p.children if o.dep_ == "pobj"]
    for tok in holders:
        person = index.entity_at(tok.i)
        if person is not None and person.type == "Person":
            yield _candidate(person, "holdsRole", title.title, "role.office.v1", 0.8, noun, tok)


def _is_name(tok: Token, index: EntityIndex) -> bool:
    """True when ``tok`` is part of a proper name, not a pronoun or a role noun."""
    mention = index.mention_at(tok.i)
    return mention is not None and mention.kind == "name"


# -- memberships ----------------------------------------------------------------


def _memberships(tok: Token, index: EntityIndex) -> Iterator[Candidate]:
    """"DAB's Ben Chan" and "Lee Cheuk-yan of/from the Labour Party" -> memberOf.

    Only on the head of a person's name, and only for organisations: "Smith of
    London" says nothing about membership.
    """
    person = index.entity_at(tok.i)
    mention = index.mention_at(tok.i)
    if person is None or person.type != "Person" or mention is None or mention.head != tok.i:
        return
    if mention.kind != "name":
        return
    for child in tok.children:
        if child.dep_ == "poss":  # a name: "its chairman X" leaves "its" to coreference
            org = index.entity_at(child.i)
            if org is not None and org.type in MEMBERSHIP_TYPES and _is_name(child, index):
                yield _candidate(person, "memberOf", org, "membership.poss.v1", 0.75, tok, child)
        elif child.dep_ == "prep" and child.lower_ in ("of", "from"):
            for obj in child.children:
                org = index.entity_at(obj.i)
                if obj.dep_ == "pobj" and org is not None and org.type in MEMBERSHIP_TYPES:
                    yield _candidate(person, "memberOf", org, "membership.prep.v1", 0.75, tok, obj)


# -- locations ------------------------------------------------------------------


def _locations(doc: Doc, index: EntityIndex) -> Iterator[Candidate]:
    """"Sydney, Australia" / "the coast of Aceh, Indonesia" -> locatedIn(first, second).

    A place name, a comma, then a country or wider place — unless the pair
    continues as a list ("Sydney, Melbourne and Perth": no container follows
    its members that way, and a list goes on with a comma or a conjunction), or
    the second name runs on past its mention ("Arkansas, Magic Live in Las Vegas":
    a name cut short is no container).
    Only a country is written with an article there ("Utrecht, the
    Netherlands"); "Lyon, the Louvre ..." is a list too.
    """
    for i in range(1, len(doc) - 1):
        if doc[i].text != ",":
            continue
        inner, outer = index.mention_at(i - 1), index.mention_at(i + 1)
        if inner is None or outer is None or inner.token_end != i or outer.token_start != i + 1:
            continue
        place, container = index.entity_at(i - 1), index.entity_at(i + 1)
        if place == container or place.type not in PLACE_TYPES or container.type not in CONTAINER_TYPES:
            continue
        after = doc[outer.token_end] if outer.token_end < len(doc) else None
        if after is not None and (after.lower_ in ("and", "or") or after.pos_ == "PROPN" or
                                  (after.text == "," and index.mention_at(after.i + 1) is not None)):
            continue
        if inner.kind != "name" or outer.kind != "name" or _inside_longer_name(doc, inner):
            continue
        if doc[i + 1].pos_ == "DET" and container.type != "Country":
            continue
        yield _candidate(place, "locatedIn", container, "place.appos.v1", 0.8, doc[i - 1], doc[i + 1])


def _inside_longer_name(doc: Doc, mention: Mention) -> bool:
    """"the University of Texas, Austin": the place ends another name, which the
    comma continues; "the coast of Aceh, Indonesia" has no name before "of"."""
    start = mention.token_start
    return start >= 2 and doc[start - 1].lower_ == "of" and doc[start - 2].pos_ == "PROPN"


def _known_locations(doc: Doc, index: EntityIndex, gaz: Gazetteer) -> Iterator[Candidate]:
    """Kyiv is in Ukraine, Downing Street in the United Kingdom: a place the gazetteer
    puts in a country, when the article names that country too.

    Background knowledge rather than reading, so it is stated once per place, at
    its first mention, only between entities the article itself names, and only
    for places whose gazetteer entry records their country (none is guessed).
    """
    by_name = {ent.name: ent for ent in index.entities}
    for place in index.entities:
        if place.type not in PLACE_TYPES or not place.mentions:
            continue
        entry = gaz.lookup(place.name)
        country = by_name.get(entry.country) if entry is not None and entry.country else None
        if country is None or country == place:
            continue
        first = min(place.mentions, key=lambda m: m.token_start)
        yield _candidate(place, "locatedIn", country, "place.gazetteer.v1", 0.9,
                         *doc[first.token_start:first.token_end])
