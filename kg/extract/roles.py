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
titles.yaml``) and written canonically ("PM" -> "Prime Minister"); the words read
around them are ``ontology/words/roles.yaml``'s.  A place the gazetteer puts in a country mentioned in the same article is located in it.  Every
candidate carries its ontology ``predicate``; the lexicon is not consulted.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from spacy.tokens import Doc, Token

from kg.knowledge.gazetteer import Title
from kg.knowledge.knowledge import Knowledge
from kg.types import Candidate, Entity, Mention
from kg.extract.grammar import against_or_for, copula_subjects, lesser_post, sentence_entities, sentence_span, tokens_span
from kg.extract.index import EntityIndex
from kg.extract.rules import RULES, Rule

__all__ = ["extract_roles", "lookup_title"]

LONGEST_TITLE = 5  # tokens

ROLE_TITLE = RULES.add("role.title.v1", 0.9, "roles", "a title in a person's name or just before it: 'Defence Secretary John Healey'")
ROLE_NOUN = RULES.add("role.noun.v1", 0.75, "roles", "a role noun coreference resolved to a person: 'the Ukrainian president'")
ROLE_APPOS = RULES.add("role.appos.v1", 0.85, "roles", "a title in apposition to a person, either order: 'X, the State Department spokesperson'")
ROLE_COPULA = RULES.add("role.copula.v1", 0.8, "roles", "a definite, qualified title predicated of a person: 'X is the chairman of Y'")
# what a title's qualifier makes its holder (nationality, memberOf, leaderOf), by the rule that saw the title
AFFILIATION = {
    rule: RULES.add(rule.id.replace("role.", "role.affiliation."), round(rule.confidence - 0.05, 2), "roles",
                    f"the country or organisation qualifying a title read by {rule.id}: 'US president X' -> nationality, leaderOf")
    for rule in (ROLE_TITLE, ROLE_NOUN, ROLE_APPOS, ROLE_COPULA)
}
ROLE_OFFICE = RULES.add("role.office.v1", 0.8, "roles", "the holder of an office named by its tenure noun: 'Sir Keir's premiership' -> Prime Minister")
MEMBERSHIP_POSS = RULES.add("membership.poss.v1", 0.75, "roles", "an organisation's name owning a person's name: 'DAB's Ben Chan' -> memberOf")
MEMBERSHIP_PREP = RULES.add("membership.prep.v1", 0.75, "roles", "a person's name of/from an organisation: 'Lee Cheuk-yan of the Labour Party' -> memberOf")
PLACE_APPOS = RULES.add("place.appos.v1", 0.8, "roles", "a place, a comma, the country or region holding it: 'Sydney, Australia' -> locatedIn")
PLACE_GAZETTEER = RULES.add("place.gazetteer.v1", 0.9, "roles", "a place the gazetteer puts in a country the article also names -> locatedIn")


def lookup_title(form: str, knowledge: Knowledge) -> Title | None:
    """The canonical title a written form names ("PM" -> Prime Minister), or None.

    >>> from kg.knowledge.knowledge import load_knowledge
    >>> k = load_knowledge()
    >>> lookup_title("PM", k)
    Title(title='Prime Minister', leader=True)
    >>> lookup_title("representative", k) is None
    True
    """
    if form.islower() and form in knowledge.words.capitalised_only_titles:
        return None
    return knowledge.gazetteer.title(form)


def extract_roles(doc: Doc, index: EntityIndex, knowledge: Knowledge) -> list[Candidate]:
    """Every role, nationality, membership and location candidate in ``doc``.

    Titles, offices and memberships are a person's: sentences naming no person
    are skipped for them.
    """
    out: list[Candidate] = []
    for sent in doc.sents:
        if not any(e.type == "Person" for e in sentence_entities(sent, index)):
            continue
        for tok in sent:
            out += _title_roles(tok, index, knowledge)
            out += _office_holders(tok, index, knowledge)
            out += _memberships(tok, index, knowledge)
    out += _locations(doc, index, knowledge)
    out += _known_locations(doc, index, knowledge)
    return out


def _candidate(subject: Entity, predicate: str, obj: Entity | str, rule: Rule, anchor: Token, *tokens: Token) -> Candidate:
    return Candidate(
        subject=subject, relation=predicate, obj=obj, rule=rule.id, confidence=rule.confidence,
        sentence=sentence_span(anchor), evidence=tokens_span([anchor, *tokens]), predicate=predicate,
    )


# -- titles -------------------------------------------------------------------


class _TitleMatch(NamedTuple):
    title: Title
    tokens: list[Token]  # the words of the title as written


def match_title(head: Token, index: EntityIndex, knowledge: Knowledge) -> _TitleMatch | None:
    """The title a noun heads, with its qualifying words: "Defence Secretary", "editor at large".

    The title is the longest lexicon form ending at or shortly after ``head``
    and built of ``head``'s own modifiers ("British Defence Secretary": British
    names a country, so it qualifies the title and is no part of it).
    """
    heads = knowledge.gazetteer.title_heads
    if head.lower_ not in heads and head.lemma_.lower() not in heads:
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
                title = lookup_title(form, knowledge)
                if title is not None:
                    return _TitleMatch(title, list(words))
    return None


def _holders(head: Token, index: EntityIndex, knowledge: Knowledge) -> Iterator[tuple[Token, Rule]]:
    """Who holds the title headed by ``head``, with the rule that saw it.

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
            yield head, ROLE_TITLE if kind == "name" else ROLE_NOUN
        return
    if head.dep_ == "compound":
        yield head.head, ROLE_TITLE
    elif head.dep_ == "appos":
        yield head.head, ROLE_APPOS
    for child in head.children:
        if child.dep_ == "appos":
            yield child, ROLE_APPOS
    # only a definite, qualified predicate names a role: "X is the chairman of Y",
    # not "X is a leader" or "X was the first foreign leader to ..."
    ordinals = knowledge.words.title_ordinals
    if any(True for _ in _qualifiers(head, index, knowledge)) and not any(c.dep_ == "amod" and c.lower_ in ordinals
                                                                         for c in head.children):
        for arg in copula_subjects(head):
            yield arg.token, ROLE_COPULA


def _title_roles(head: Token, index: EntityIndex, knowledge: Knowledge) -> Iterator[Candidate]:
    """holdsRole, and the nationality/leadership/membership the title's qualifier gives."""
    if head.pos_ not in ("NOUN", "PROPN"):
        return
    match = match_title(head, index, knowledge)
    if match is None or lesser_post(match.tokens[0]):  # a deputy's title is not the office
        return
    for holder_tok, rule in _holders(head, index, knowledge):
        person = index.entity_at(holder_tok.i)
        if person is None or person.type != "Person":
            continue
        mention = index.mention_at(head.i)
        # coreference's title for a role noun wins, unless the title read here is a
        # longer one ("vice-president" over "president")
        own_role = mention.role if mention is not None and person == index.entity_at(head.i) else None
        title = own_role if own_role and len(match.tokens) == 1 else match.title.title
        yield _candidate(person, "holdsRole", title, rule, head, holder_tok, *match.tokens)
        for qual_tok, qual in _qualifiers(head, index, knowledge):
            if qual == person or qual_tok in match.tokens:
                continue  # "Secretary of State": a word of the title qualifies nothing
            for predicate in _affiliation_predicates(qual.type, match.title, knowledge):
                yield _candidate(person, predicate, qual, AFFILIATION[rule], head, holder_tok, qual_tok)


def _qualifiers(head: Token, index: EntityIndex, knowledge: Knowledge) -> Iterator[tuple[Token, Entity]]:
    """Named entities that qualify a title: "British ...", "US president", "Britain's PM",
    "the State Department spokesperson", "chairman of Y", "editor at Y".

    Only names qualify: "secretary of state", "captain of the team" or "its
    chairman" name no organisation, whatever coreference made of the noun; and
    an "anti-Taliban commander" commands no Taliban.
    """
    for tok, ent in _qualifier_candidates(head, index, knowledge):
        if _is_name(tok, index) and not against_or_for(tok):
            yield tok, ent


def _qualifier_candidates(head: Token, index: EntityIndex, knowledge: Knowledge) -> Iterator[tuple[Token, Entity]]:
    is_a = knowledge.ontology.is_a
    for child in head.children:
        ent = index.entity_at(child.i)
        if child.dep_ in ("amod", "compound", "poss", "nmod") and ent is not None:
            yield child, ent
        # "US defence secretary": the country may hang on a word of the title
        elif child.dep_ == "compound":
            yield from ((t, e) for t in child.children if (e := index.entity_at(t.i)) is not None
                        and t.dep_ in ("amod", "compound") and is_a(e.type, "Country"))
        elif child.dep_ == "prep" and child.lower_ in knowledge.words.affiliation_preps:
            for obj in child.children:
                ent = index.entity_at(obj.i)
                if obj.dep_ == "pobj" and ent is not None:
                    yield obj, ent


def _affiliation_predicates(qual_type: str, title: Title, knowledge: Knowledge) -> list[str]:
    """What a title qualified by an entity of ``qual_type`` says about its holder."""
    ontology = knowledge.ontology
    preds = []
    if ontology.is_a(qual_type, "Country"):
        if title.title not in knowledge.words.team_staff_titles:
            preds.append("nationality")
    elif ontology.is_a(qual_type, "Organization"):
        preds.append("memberOf")
    if title.leader and ontology.accepts("leaderOf", "Person", qual_type):
        preds.append("leaderOf")
    return preds


def _office_holders(noun: Token, index: EntityIndex, knowledge: Knowledge) -> Iterator[Candidate]:
    """The holder of an office named by its tenure noun -> holdsRole the office's title.

    - a possessive: "under Sir Keir's premiership", "during his presidency";
    - a name as modifier: "the Obama presidency", "the Merkel chancellorship";
    - an "of" phrase: "the chairmanship of Lord Smith".

    The holder must be a person ("the EU presidency", "Britain's chairmanship of
    the G7" name a country's turn, no person's post).  An indefinite office is
    only supposed ("a Trump presidency would ..."), and a lesser rank is another
    office ("her vice-presidency").
    """
    offices = knowledge.words.office_nouns
    if noun.pos_ != "NOUN" or noun.lemma_.lower() not in offices or lesser_post(noun):
        return
    if any(c.dep_ == "det" and c.lower_ in knowledge.words.office_indefinites for c in noun.children):
        return
    title = lookup_title(offices[noun.lemma_.lower()], knowledge)
    if title is None:
        return
    holders = [c for c in noun.children if c.dep_ == "poss"]
    holders += [c for c in noun.children if c.dep_ == "compound" and _is_name(c, index)]
    holders += [o for p in noun.children if p.dep_ == "prep" and p.lower_ == "of"
                for o in p.children if o.dep_ == "pobj"]
    for tok in holders:
        person = index.entity_at(tok.i)
        if person is not None and person.type == "Person":
            yield _candidate(person, "holdsRole", title.title, ROLE_OFFICE, noun, tok)


def _is_name(tok: Token, index: EntityIndex) -> bool:
    """True when ``tok`` is part of a proper name, not a pronoun or a role noun."""
    mention = index.mention_at(tok.i)
    return mention is not None and mention.kind == "name"


# -- memberships ----------------------------------------------------------------


def _memberships(tok: Token, index: EntityIndex, knowledge: Knowledge) -> Iterator[Candidate]:
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
    is_org = knowledge.ontology.is_a
    for child in tok.children:
        if child.dep_ == "poss":  # a name: "its chairman X" leaves "its" to coreference
            org = index.entity_at(child.i)
            if org is not None and is_org(org.type, "Organization") and _is_name(child, index):
                yield _candidate(person, "memberOf", org, MEMBERSHIP_POSS, tok, child)
        elif child.dep_ == "prep" and child.lower_ in knowledge.words.membership_preps:
            for obj in child.children:
                org = index.entity_at(obj.i)
                if obj.dep_ == "pobj" and org is not None and is_org(org.type, "Organization"):
                    yield _candidate(person, "memberOf", org, MEMBERSHIP_PREP, tok, obj)


# -- locations ------------------------------------------------------------------


def _locations(doc: Doc, index: EntityIndex, knowledge: Knowledge) -> Iterator[Candidate]:
    """"Sydney, Australia" / "the coast of Aceh, Indonesia" -> locatedIn(first, second).

    A place name, a comma, then a country or wider place — unless the pair
    continues as a list ("Sydney, Melbourne and Perth": no container follows
    its members that way, and a list goes on with a comma or a conjunction), or
    the second name runs on past its mention ("Arkansas, Magic Live in Las Vegas":
    a name cut short is no container).
    Only a country is written with an article there ("Utrecht, the
    Netherlands"); "Lyon, the Louvre ..." is a list too.
    """
    is_a = knowledge.ontology.is_a
    for i in range(1, len(doc) - 1):
        if doc[i].text != ",":
            continue
        inner, outer = index.mention_at(i - 1), index.mention_at(i + 1)
        if inner is None or outer is None or inner.token_end != i or outer.token_start != i + 1:
            continue
        place, container = index.entity_at(i - 1), index.entity_at(i + 1)
        if place == container or not _below_country(place.type, knowledge) or not is_a(container.type, "Place") \
                or is_a(container.type, "City"):  # a city holds no place named this way
            continue
        after = doc[outer.token_end] if outer.token_end < len(doc) else None
        if after is not None and (after.lower_ in ("and", "or") or after.pos_ == "PROPN" or
                                  (after.text == "," and index.mention_at(after.i + 1) is not None)):
            continue
        if inner.kind != "name" or outer.kind != "name" or _inside_longer_name(doc, inner):
            continue
        if doc[i + 1].pos_ == "DET" and not is_a(container.type, "Country"):
            continue
        yield _candidate(place, "locatedIn", container, PLACE_APPOS, doc[i - 1], doc[i + 1])


def _below_country(cls: str, knowledge: Knowledge) -> bool:
    """A place a country can hold (a city, a region): a Place that is no Country."""
    return knowledge.ontology.is_a(cls, "Place") and not knowledge.ontology.is_a(cls, "Country")


def _inside_longer_name(doc: Doc, mention: Mention) -> bool:
    """"the University of Texas, Austin": the place ends another name, which the
    comma continues; "the coast of Aceh, Indonesia" has no name before "of"."""
    start = mention.token_start
    return start >= 2 and doc[start - 1].lower_ == "of" and doc[start - 2].pos_ == "PROPN"


def _known_locations(doc: Doc, index: EntityIndex, knowledge: Knowledge) -> Iterator[Candidate]:
    """Kyiv is in Ukraine, Downing Street in the United Kingdom: a place the gazetteer
    puts in a country, when the article names that country too.

    Background knowledge rather than reading, so it is stated once per place, at
    its first mention, only between entities the article itself names, and only
    for places whose gazetteer entry records their country (none is guessed).
    """
    by_name = {ent.name: ent for ent in index.entities}
    for place in index.entities:
        if not _below_country(place.type, knowledge) or not place.mentions:
            continue
        entry = knowledge.gazetteer.lookup(place.name)
        country = by_name.get(entry.country) if entry is not None and entry.country else None
        if country is None or country == place:
            continue
        first = min(place.mentions, key=lambda m: m.token_start)
        yield _candidate(place, "locatedIn", country, PLACE_GAZETTEER,
                         *doc[first.token_start:first.token_end])
