"""Roles, nationalities, memberships and locations: who a person is, where a place is.

What news writes around a name rather than in a verb:

- a title before a name: "British Defence Secretary John Healey" -> holdsRole
  "Defence Secretary", nationality UK; "US president Bill Clinton" -> holdsRole
  "President", nationality and leaderOf USA (a leader title qualified by a country);
- a title in apposition: "Jeff Rathke, the State Department spokesperson" ->
  holdsRole "Spokesperson", employedBy State Department (either order);
- a role noun resolved to a person: "the Ukrainian president" (coreference gave it
  Zelensky) -> holdsRole "President", nationality/leaderOf Ukraine;
- a predicate title: "X is the chairman of Y" -> holdsRole "Chairman", leaderOf Y;
- an office held: "Sir Keir's premiership", "the Obama presidency", "the
  chairmanship of X" -> holdsRole "Prime Minister", "President", "Chairman";
- a membership: "DAB's Ben Chan", "Lee Cheuk-yan of the Labour Party" -> memberOf;
  a person from a business works for it: "X, from Sal Oppenheim investment bank" ->
  employedBy; "Y is to succeed X at the head of Renault" -> X leaderOf Renault;
- a body of an organisation: "Labour's Fabian Society" -> partOf;
- a location: "Aceh, Indonesia", "Sydney, Australia" -> locatedIn; and a place the
  gazetteer puts in a country the article also names ("Kyiv" ... "Ukraine").

A title is written on its kg:Role node as the text has it ("Shadow Home Secretary",
"Home Affairs Spokesman", "Wales Secretary"), with the lexicon's canonical title
kept beside it (:class:`kg.types.RoleTitle`).  What a title's qualifier makes its
holder depends on both: a party's people are its members ("Tory leader X", "Lib
Dem spokesman X"; a party word finds the article's node for that party), an
organisation's staff work for it ("CBI chief economist X" -> employedBy), and a
head's plainly written title leads it ("Nissan chairman X" -> leaderOf).

Titles are recognised with the gazetteer's title lexicon (``ontology/gazetteer/
titles.yaml``, canonical forms: "PM" -> "Prime Minister"); the words read around
them are ``ontology/words/roles.yaml``'s.  Every candidate carries its ontology
``predicate``; the relation lexicon is not consulted.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from spacy.tokens import Doc, Token

from kg.knowledge.gazetteer import Party, Title
from kg.knowledge.knowledge import Knowledge
from kg.types import Candidate, Entity, Mention, RoleTitle
from kg.vocab import slug
from kg.extract.grammar import against_or_for, copula_subjects, ends_longer_name, lesser_post, sentence_entities, sentence_span, tokens_span
from kg.extract.index import EntityIndex
from kg.extract.rules import RULES, Rule

__all__ = ["extract_roles", "lookup_title"]

LONGEST_TITLE = 5  # tokens

ROLE_TITLE = RULES.add("role.title.v1", 0.9, "roles", "a title in a person's name or just before it: 'Defence Secretary John Healey'")
ROLE_NOUN = RULES.add("role.noun.v1", 0.75, "roles", "a role noun coreference resolved to a person: 'the Ukrainian president'")
ROLE_APPOS = RULES.add("role.appos.v1", 0.85, "roles", "a title in apposition to a person, either order: 'X, the State Department spokesperson'")
ROLE_COPULA = RULES.add("role.copula.v1", 0.8, "roles", "a definite, qualified title predicated of a person: 'X is the chairman of Y'")
ROLE_AS = RULES.add("role.as.v1", 0.8, "roles", "a title after 'as' with a verb of holding a post: 'X is acting as an adviser for Y', 'X was replaced as host'")
# what a title's qualifier makes its holder (nationality, memberOf, leaderOf), by the rule that saw the title
AFFILIATION = {
    rule: RULES.add(rule.id.replace("role.", "role.affiliation."), round(rule.confidence - 0.05, 2), "roles",
                    f"the country or organisation qualifying a title read by {rule.id}: 'US president X' -> nationality, leaderOf")
    for rule in (ROLE_TITLE, ROLE_NOUN, ROLE_APPOS, ROLE_COPULA, ROLE_AS)
}
ROLE_AT_HEAD = RULES.add("role.at_head.v1", 0.8, "roles", "a person at the head or helm of an organisation: 'succeed X at the head of Renault' -> leaderOf")
ROLE_OFFICE = RULES.add("role.office.v1", 0.8, "roles", "the holder of an office named by its tenure noun: 'Sir Keir's premiership' -> Prime Minister")
MEMBERSHIP_POSS = RULES.add("membership.poss.v1", 0.75, "roles", "an organisation's name owning a person's name: 'DAB's Ben Chan' -> memberOf")
EMPLOYMENT_PREP = RULES.add("employment.prep.v1", 0.75, "roles", "a person's name of/from a business: 'X, from Sal Oppenheim investment bank' -> employedBy")
MEMBERSHIP_PREP = RULES.add("membership.prep.v1", 0.75, "roles", "a person's name of/from an organisation: 'Lee Cheuk-yan of the Labour Party' -> memberOf")
ORGANISATION_PART = RULES.add("organisation.part.v1", 0.75, "roles", "an organisation's name owning a body's name: 'Labour's Fabian Society' -> partOf")
NATIONALITY_POSS = RULES.add("nationality.poss.v1", 0.75, "roles", "a country's name owning a person's name: 'Britain's Paula Radcliffe' -> nationality")
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
    if form.lower() in knowledge.words.standing_titles:
        return Title(form.capitalize())
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
            out += _heads_at(tok, index, knowledge)
    out += _organisation_parts(doc, index, knowledge)
    out += _locations(doc, index, knowledge)
    out += _known_locations(doc, index, knowledge)
    return _without_cut_titles(out)


def _without_cut_titles(candidates: list[Candidate]) -> list[Candidate]:
    """Drop a holdsRole whose words lie inside a longer title read for the same person.

    Two heads of one title can each match the lexicon ("the Lord Chief Justice" is read
    whole at "Justice" and as "Chief Justice" at "Chief"): the reader sees one post, the
    title as written, so the cut one goes.  Not dropped on purpose: a shorter title of
    the same person read from other words ("Chairman" in another sentence or phrase),
    and a title of another person inside the same words.
    """
    roles = [c for c in candidates if c.predicate == "holdsRole"]

    def cut(c: Candidate) -> bool:
        return any(o is not c and o.subject == c.subject and o.sentence == c.sentence
                   and o.evidence.start <= c.evidence.start and c.evidence.end <= o.evidence.end
                   and (o.evidence.start, o.evidence.end) != (c.evidence.start, c.evidence.end)
                   and str(o.obj).lower().endswith(str(c.obj).lower()) for o in roles)
    return [c for c in candidates if c.predicate != "holdsRole" or not cut(c)]


def _candidate(subject: Entity, predicate: str, obj: Entity | str, rule: Rule, anchor: Token, *tokens: Token) -> Candidate:
    return Candidate(
        subject=subject, relation=predicate, obj=obj, rule=rule.id, confidence=rule.confidence,
        sentence=sentence_span(anchor), evidence=tokens_span([anchor, *tokens]), predicate=predicate,
    )


# -- titles -------------------------------------------------------------------


class _TitleMatch(NamedTuple):
    title: Title
    tokens: list[Token]  # the words of the lexicon form as written
    singular: bool = False  # the form matched with its last word made singular ("defence ministers")


def match_title(head: Token, index: EntityIndex, knowledge: Knowledge) -> _TitleMatch | None:
    """The title a noun heads, with its qualifying words: "Defence Secretary", "editor at large".

    The title is the longest lexicon form ending at or shortly after ``head``
    and built of ``head``'s own modifiers ("British Defence Secretary": British
    names a country, so it qualifies the title and is no part of it).
    """
    heads = knowledge.gazetteer.title_heads | knowledge.words.standing_titles
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
            for singular, form in ((False, words.text), (True, words[:-1].text_with_ws + words[-1].lemma_)):
                title = lookup_title(form, knowledge)
                if title is not None:
                    return _TitleMatch(title, list(words), singular)
    return None


class _WrittenTitle(NamedTuple):
    """A title as the text writes it: the lexicon form and the words that make it this post."""

    role: RoleTitle  # "Shadow Home Secretary", canonical "Home Secretary", lesser
    tokens: list[Token]  # every word of it, in order
    plain: bool  # nothing but the lexicon form: "president", not "rebel leader" or "co-chairman"


def written_title(match: _TitleMatch, head: Token, index: EntityIndex, knowledge: Knowledge,
                  canonical: str | None = None) -> _WrittenTitle:
    """The whole title a match stands in, as written: its portfolio and rank words kept.

    Kept before the lexicon form: common nouns and adjectives that modify it
    ("home affairs spokesman", "commercial director", "Trade and Industry
    Secretary"), rank words ("shadow chancellor", "deputy leader", "co-chairman",
    "Euro MP"), portfolio words ("Transport Secretary"), and a place written just
    before a portfolio title ("Wales Secretary": the portfolio, not a nationality).
    Kept after it: a portfolio or field in "for"/"of" ("Secretary of State for
    Work and Pensions", "director of research").  Left out on purpose: names
    (other than the portfolio place), party words ("Tory leader": the party is an
    affiliation), a country or nationality ("British Defence Secretary"), and
    words of time or standing ("former", "outgoing", "new"), which say nothing of
    the post.
    """
    doc = head.doc
    words = knowledge.words
    first, last = match.tokens[0].i, match.tokens[-1].i
    portfolio_title = head.lemma_.capitalize() in knowledge.gazetteer.portfolio_titles or \
        head.text in knowledge.gazetteer.portfolio_titles
    # a place's name makes the portfolio only of a bare portfolio title: "Wales Secretary",
    # "Northern Ireland Secretary", not "US Secretary of State" or "British Defence Secretary"
    portfolio_place = index.entity_at(first - 1) if portfolio_title and first == last and first > 0 else None
    i = first - 1
    while i >= 0:
        tok = doc[i]
        if tok.text == "-" and i > 0 and not tok.whitespace_ and not doc[i - 1].whitespace_:
            i -= 1  # "co-chairman", "vice-president"
            continue
        place_ok = portfolio_place is not None and index.entity_at(i) == portfolio_place
        if not _title_word(tok, head, index, knowledge, place_ok=place_ok):
            break
        i -= 1
    left = i + 1
    # no half of a hyphenated word ("two-time champion") and no leading "and"
    while left < first and (doc[left].pos_ == "CCONJ" or doc[left].text == "-" or
                            (left > 0 and doc[left - 1].text == "-" and not doc[left - 1].whitespace_)):
        left += 1
    right = _title_complement(doc, last, head, index, knowledge, portfolio_title)
    tokens = list(doc[left:right + 1])
    lesser = any(t.lower_ in knowledge.gazetteer.title_ranks or t.lower_ in words.lesser_title_prefixes
                 for t in tokens[: first - left])
    texts = [t.text for t in tokens]
    if match.singular:  # "defence ministers" -> "defence minister", "MPs" -> "MP"
        word = doc[last].text
        texts[last - left] = word[:-1] if word[:-1].lower() == doc[last].lemma_.lower() else doc[last].lemma_
    spaced = "".join(x + (t.whitespace_ and " ") for x, t in zip(texts, tokens)).strip()
    written = _title_case(spaced, words.title_small_words)
    canonical = match.title.title if lesser else canonical or match.title.title
    plain = left == first and right == last
    if slug(written) == slug(canonical):
        # one role node, one label: "Director General" and "Director-General" share a node,
        # labelled with the lexicon's spelling, the text's kept as its altLabel
        written, canonical = canonical, written
    return _WrittenTitle(RoleTitle(written, canonical, lesser), tokens, plain)


def _title_word(tok: Token, head: Token, index: EntityIndex, knowledge: Knowledge, place_ok: bool) -> bool:
    """Is ``tok``, just before a title, a word of it ("home", "affairs", "shadow", "Transport", "co")?"""
    words, gaz = knowledge.words, knowledge.gazetteer
    if tok.lower_ in words.not_title_words or tok.is_punct or not _attached_to(tok, head):
        return False
    if gaz.party_of_modifier(tok.text) is not None:
        return False
    if tok.pos_ == "CCONJ" and tok.i > 0 and gaz.describes_person(tok.doc[tok.i - 1].lemma_):
        return False  # "songwriter and film producer": two posts, not one title of two words
    if tok.like_num and tok.pos_ == "NUM":  # "Olympic 400 metres champion": a standing's distance or weight
        return head.lemma_.lower() in words.standing_titles
    ent = index.entity_at(tok.i)
    if ent is not None and ent != index.entity_at(head.i):
        # "Wales Secretary": a place's name right before a portfolio title is its portfolio
        return place_ok and tok.pos_ == "PROPN" and not tok.is_upper and knowledge.ontology.is_a(ent.type, "Place")
    if tok.lower_ in gaz.title_ranks or tok.lower_ in words.title_prefixes:
        return True
    # a kind of post ("political correspondent", "senior", "Olympic champion"), not a judgement ("resolute")
    kind_of_post = tok.pos_ == "ADJ" and (tok.lower_ in words.title_adjectives
                                          or tok.lower_.endswith(tuple(words.title_adjective_endings)))
    if (tok.pos_ == "PROPN" and not tok.is_lower) or (tok.is_title and not tok.is_sent_start):
        # an unknown name is no part of a title: "Renault boss", "Investec economist"; a
        # portfolio of several words counts from its last ("Foreign Affairs Minister"); a
        # lower-case word the tagger took for a name is a common noun ("senate leader"); a
        # capitalised adjective of a kind is a word of the title ("Olympic champion")
        return tok.text in gaz.portfolios or gaz.title(tok.text) is not None or _ends_portfolio(tok, gaz.portfolios) \
            or kind_of_post
    if tok.pos_ == "ADJ":
        return kind_of_post
    return tok.pos_ in ("NOUN", "CCONJ", "PROPN")  # a PROPN here is lower case: "senate leader"


def _ends_portfolio(tok: Token, portfolios: set[str]) -> bool:
    """Is ``tok`` the last word of a portfolio of several words ("Foreign Affairs", "Aboriginal Affairs")?"""
    doc = tok.doc
    for phrase in portfolios:
        n = phrase.count(" ") + 1
        if n > 1 and tok.i - n + 1 >= 0 and doc[tok.i - n + 1 : tok.i + 1].text == phrase:
            return True
    return False


def _attached_to(tok: Token, head: Token) -> bool:
    """Does ``tok`` modify the title headed by ``head`` (through compounds, adjectives, "and")?

    A title before a name shares its modifiers with the name in the parse
    ("co" in "co-chairman Liam Fox" may hang on "Fox"): the name counts as the title's head.
    """
    heads = {head.i} | ({head.head.i} if head.dep_ == "compound" else set())
    node, steps = tok, 0
    while node.i not in heads and steps < 6:
        if node.dep_ not in ("compound", "amod", "nmod", "nummod", "cc", "conj", "punct") or node.i > max(heads):
            return False
        node, steps = node.head, steps + 1
    return node.i in heads


def _title_complement(doc: Doc, last: int, head: Token, index: EntityIndex, knowledge: Knowledge,
                      portfolio_title: bool) -> int:
    """The last word of the title after its lexicon form: "... for Work and Pensions", "... of research"."""
    if last + 2 >= len(doc) or doc[last + 1].lower_ not in ("for", "of") or doc[last + 1].head.i not in range(head.i, last + 1):
        return last
    prep = doc[last + 1]
    end, lower_case = last + 1, None
    start = last + 2
    if doc[start].lower_ == "the" and start + 1 < len(doc) and doc[start + 1].is_title \
            and doc[start + 1].text in knowledge.gazetteer.portfolios:
        start += 1  # "Minister for the Environment": the article before a portfolio
    for tok in doc[start : start + 6]:
        ent = _name_at(tok, index)[0]  # a name, not a role noun over it
        if tok.pos_ == "CCONJ":  # "Work and Pensions"; a comma ends it ("... and Trade, Alexander Downer")
            if tok.i > end + 1:
                break
            continue
        if ent is not None and ent == index.entity_at(last):
            lower = False  # the NER ran a name over the title: "Secretary of [State for Work and Pensions]"
        elif ent is not None:
            # "Secretary of State for Wales": a place is the portfolio of a portfolio title
            if not (portfolio_title and prep.lower_ == "for" and knowledge.ontology.is_a(ent.type, "Place")):
                break
            lower = False
        elif tok.pos_ == "NOUN" and tok.is_lower:  # "spokesman for education", "director of research"
            lower = True
        elif (portfolio_title or prep.lower_ == "of") and tok.pos_ in ("PROPN", "NOUN") and tok.is_title:
            lower = False  # "Secretary of State for Work and Pensions", "Director of Public Prosecutions"
        else:
            break
        if lower_case is not None and lower != lower_case:
            return last  # "editor of gadget magazine Stuff": words that describe a name are no field
        end, lower_case = tok.i, lower
    if end <= last + 1:
        return last
    after = doc[end + 1] if end + 1 < len(doc) else None
    if lower_case and after is not None and after.pos_ in ("PROPN", "NOUN"):
        return last  # "consultant for security firm Sophos"
    return end


def _title_case(text: str, small_words: frozenset[str]) -> str:
    """"shadow home secretary" -> "Shadow Home Secretary"; acronyms and small words kept ("MP", "of the")."""
    out = []
    for n, word in enumerate(text.split()):
        parts = word.split("-")
        out.append("-".join(p if (p[1:] != p[1:].lower() or (n and p.lower() in small_words))
                            else p[:1].upper() + p[1:].lower() for p in parts))
    return " ".join(out)


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
        # a title comes before the name it is part of: "King Charles", not "Mervyn King"
        surname = mention is not None and kind == "name" and head.i == mention.token_end - 1 > mention.token_start
        # "No campaigners including X", "loyal MPs": a plural title is a group's, not one person's
        plural = head.tag_ in ("NNS", "NNPS")
        if own.type == "Person" and not surname and not plural:
            yield head, ROLE_TITLE if kind == "name" else ROLE_NOUN
        return
    if head.dep_ == "compound":
        yield head.head, ROLE_TITLE
    elif head.dep_ == "appos":
        yield head.head, ROLE_APPOS
    for child in head.children:
        if child.dep_ == "appos":
            # "Director of Public Prosecutions, Ken Macdonald QC": the parse may head the name on its letters
            named = [child] + [c for c in child.children if c.dep_ == "compound"]
            yield next((t for t in named if index.entity_at(t.i) is not None), child), ROLE_APPOS
    yield from ((tok, ROLE_APPOS) for tok in _appos_after_complement(head, index, knowledge))
    yield from ((tok, ROLE_AS) for tok in _as_holders(head, knowledge))
    # only a definite, qualified predicate names a role: "X is the chairman of Y",
    # not "X is a leader" or "X was the first foreign leader to ..."
    ordinals = knowledge.words.title_ordinals
    if any(True for _ in _qualifiers(head, index, knowledge)) and not any(c.dep_ == "amod" and c.lower_ in ordinals
                                                                         for c in head.children):
        for arg in copula_subjects(head, knowledge.words):
            yield arg.token, ROLE_COPULA


def _name_after(head: Token, index: EntityIndex) -> list[tuple[Token, Rule]]:
    """A person's name right after a title the parse links to nothing: in "England rugby union
    captain Jason Robinson has targeted ..." the parser made "rugby" a verb and "captain" its
    object.  Only a singular title outside every mention, with the name's first word next to it."""
    doc = head.doc
    if head.i + 1 >= len(doc) or head.tag_ not in ("NN", "NNP") or index.entity_at(head.i) is not None:
        return []
    if any(c.dep_ in ("det", "poss") for c in head.children):
        return []  # "Counsel assisting the royal commissioner Wayne Martin QC": the name may be another's
    mention = index.mention_at(head.i + 1)
    person = index.entity_at(head.i + 1)
    if mention is None or mention.kind != "name" or mention.token_start != head.i + 1 or person.type != "Person":
        return []
    return [(doc[mention.head], ROLE_TITLE)]


def _appos_after_complement(head: Token, index: EntityIndex, knowledge: Knowledge) -> list[Token]:
    """A name set off by commas after a title's "of" phrase, which the parser hangs on the
    phrase's last noun: "director of the Victims of Crime Trust, Norman Brennan, accused ...".
    Not when that noun is a person: in "a spokesman for the Interior Minister, Yunis Kanooni"
    the name is the minister's, and the spokesman stays unnamed."""
    out = []
    for prep in head.children:
        if prep.dep_ != "prep" or prep.lower_ not in knowledge.words.affiliation_preps:
            continue
        nouns = [o for o in prep.children if o.dep_ == "pobj"]
        while nouns:
            noun = nouns.pop()
            holder = index.entity_at(noun.i)
            if holder is not None and holder.type == "Person":
                continue  # "a spokesman for the Interior Minister, Yunis Kanooni": the minister's name
            for child in noun.children:
                mention = _name_at(child, index)[1]
                if child.dep_ in ("appos", "npadvmod") and mention is not None \
                        and mention.token_start > 0 and head.doc[mention.token_start - 1].text == ",":
                    out.append(child)
                elif child.dep_ == "prep":
                    nouns += [o for o in child.children if o.dep_ == "pobj"]
    return out


def _as_holders(head: Token, knowledge: Knowledge) -> list[Token]:
    """Who holds a title written after "as": the subject of a verb of serving ("X served as
    chairman", "X would continue as executive producer", "X is acting as an adviser"), the
    subject of a passive verb of choosing ("X was replaced as host", "X was named as
    coach"), the object of an active one ("the board named X as chairman"), and the agent
    of a passive verb of succession ("X was replaced as host by Y": both held it).

    Not on purpose: other verbs ("described X as a hero", "saw it as a leader's job"), a
    negated verb ("X did not serve as ..."), and comparisons ("such as", "as well as").
    """
    prep = head.head
    if head.dep_ != "pobj" or prep.lower_ != "as" or prep.dep_ != "prep" or prep.head.pos_ not in ("VERB", "AUX"):
        return []
    verb = prep.head
    if any(c.dep_ == "neg" for c in verb.children) or any(c.dep_ in ("advmod", "amod") and c.lower_ == "such"
                                                             for c in prep.children):
        return []
    lemma, words = verb.lemma_.lower(), knowledge.words
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    if lemma in words.serving_verbs and not passive:
        deps = ("nsubj",)
    elif lemma in words.choosing_verbs:
        deps = ("nsubjpass",) if passive else ("dobj",)
    else:
        return []
    holders = [c for c in verb.children if c.dep_ in deps]
    if passive and lemma in words.succession_verbs:
        # "X was replaced as host by Y": the successor holds it too (the parse may hang "by" on the title)
        holders += [o for by in [*verb.children, *head.children] if by.dep_ in ("agent", "prep") and by.lower_ == "by"
                    for o in by.children if o.dep_ == "pobj"]
    return holders


def _title_roles(head: Token, index: EntityIndex, knowledge: Knowledge) -> Iterator[Candidate]:
    """holdsRole, and the nationality/leadership/membership the title's qualifier gives."""
    if head.pos_ not in ("NOUN", "PROPN"):
        return
    match = match_title(head, index, knowledge)
    if match is None or _inside_hyphenated_name(match.tokens[0], knowledge):
        return
    for holder_tok, rule in list(_holders(head, index, knowledge)) or _name_after(head, index):
        person = index.entity_at(holder_tok.i)
        if person is None or person.type != "Person":
            continue
        mention = index.mention_at(head.i)
        # coreference's title for a role noun is the canonical one ("the premier" read as China's
        # "Premier"), when it names this very word: not a longer title read here ("vice-president"),
        # nor a title from elsewhere in the mention ("President General X")
        own_role = mention.role if mention is not None and person == index.entity_at(head.i) else None
        own = own_role if own_role and len(match.tokens) == 1 and own_role.lower() in (head.lower_, head.lemma_.lower()) else None
        written = written_title(match, head, index, knowledge, own)
        if lesser_post(match.tokens[0], knowledge.words) and not written.role.lesser:
            continue  # "shadow" there but not read as a word of the title: never the office itself
        quals = [*_qualifiers(head, index, knowledge), *_outer_qualifiers(written, head, holder_tok, index, knowledge),
                 *_party_qualifiers(written.tokens[0], index, knowledge)]
        if match.title.title.lower() in knowledge.words.standing_titles and written.plain and not quals:
            continue  # "X, a champion of free trade": no "Olympic", "world", "Wimbledon" before it
        yield _candidate(person, "holdsRole", written.role, rule, head, holder_tok, *written.tokens)
        for qual_tok, qual in quals:
            if qual == person or qual_tok in written.tokens:
                continue  # "Secretary of State", "Wales Secretary": a word of the title qualifies nothing
            if qual_tok.i < written.tokens[0].i and index.entity_at(qual_tok.i) == qual \
                    and not _abuts(qual_tok, written.tokens[0], index):
                continue  # "BBC Two controller": the name runs on past what the NER found
            qual = _party_checked(qual_tok, qual, index, knowledge)
            if qual is None:
                continue
            for predicate in _affiliation_predicates(qual, match.title, written, knowledge):
                yield _candidate(person, predicate, qual, AFFILIATION[rule], head, holder_tok, qual_tok)


def _qualifiers(head: Token, index: EntityIndex, knowledge: Knowledge) -> Iterator[tuple[Token, Entity]]:
    """Named entities that qualify a title: "British ...", "US president", "Britain's PM",
    "the State Department spokesperson", "chairman of Y", "editor at Y".

    Only names qualify: "secretary of state", "captain of the team" or "its
    chairman" name no organisation, whatever coreference made of the noun; and
    an "anti-Taliban commander" commands no Taliban.
    """
    for tok, ent in _qualifier_candidates(head, index, knowledge):
        if (_is_name(tok, index) or _definite_owner(tok, ent, index, knowledge)) \
                and not against_or_for(tok, knowledge.words):
            yield tok, ent


def _definite_owner(tok: Token, ent: Entity, index: EntityIndex, knowledge: Knowledge) -> bool:
    """"the party's election chief", "the company's chairman": a definite noun owning the title
    that coreference resolved to an organisation qualifies it like the organisation's name.

    Not a pronoun ("its chairman": too often another organisation than the last one
    named), nor a country ("the country's president" is left to its name).
    """
    mention = index.mention_at(tok.i)
    return (tok.dep_ == "poss" and mention is not None and mention.kind == "nominal"
            and tok.doc[mention.token_start].lower_ == "the" and knowledge.ontology.is_a(ent.type, "Organization"))


def _outer_qualifiers(written: _WrittenTitle, head: Token, holder_tok: Token, index: EntityIndex,
                      knowledge: Knowledge) -> Iterator[tuple[Token, Entity]]:
    """A name just before the title that the parse hangs on another word of the title or on the
    holder's name: "Tory co-chairman Liam Fox" ("Tory" on "co"), "Labour MP X" ("Labour" on "X").

    Only names of organisations and countries that end right before the title's first word.
    """
    is_a, first = knowledge.ontology.is_a, written.tokens[0]
    owners = [t for t in written.tokens if t != head]
    if holder_tok.i > head.i:
        owners.append(holder_tok)
    for owner in owners:
        for child in owner.children:
            ent = _name_at(child, index)[0]
            if child.i < first.i and child.dep_ in ("amod", "compound", "nmod") and ent is not None \
                    and (is_a(ent.type, "Organization") or is_a(ent.type, "Country")) \
                    and _abuts(child, first, index) and not against_or_for(child, knowledge.words):
                yield child, ent


def _qualifier_candidates(head: Token, index: EntityIndex, knowledge: Knowledge) -> Iterator[tuple[Token, Entity]]:
    is_a = knowledge.ontology.is_a
    for child in head.children:
        ent = _name_running_to(child, head, index) or _name_at(child, index)[0] or index.entity_at(child.i)
        if child.dep_ in ("amod", "compound", "poss", "nmod") and ent is not None and ent != index.entity_at(head.i):
            yield child, ent
        # "US defence secretary", "Labour communications director": the name may hang on a word of the title
        elif child.dep_ == "compound":
            yield from ((t, e) for t in child.children if (e := index.entity_at(t.i)) is not None
                        and t.dep_ in ("amod", "compound") and (is_a(e.type, "Country") or is_a(e.type, "Organization")))
        elif child.dep_ == "prep" and child.lower_ in knowledge.words.affiliation_preps:
            for obj in child.children:
                ent = index.entity_at(obj.i)
                if obj.dep_ == "pobj" and ent is not None:
                    yield obj, ent


def _affiliation_predicates(qual: Entity, title: Title, written: _WrittenTitle, knowledge: Knowledge) -> list[str]:
    """What a title qualified by ``qual`` says about its holder.

    - a country: nationality ("British Defence Secretary"), except for a team's staff;
    - a party: memberOf ("Labour MP", "Tory spokesman");
    - an organisation its founder founded ("Globio founder X", "co-founder of Y");
    - another organisation: employedBy for a staff title ("BBC correspondent",
      "CBI chief economist", "commercial director at Rightmove"), else memberOf;
    - and leaderOf for a leader's title ("Tory leader", "Nissan chairman", "US
      president"), written plainly: a lesser post or a qualified one leads nothing
      ("deputy leader", "rebel leader", "co-chairman", "director of research"); the
      head of an organisation other than a party is its leader, not a member.
    """
    ontology, words = knowledge.ontology, knowledge.words
    if title.title.lower() in words.standing_titles and not ontology.is_a(qual.type, "Country"):
        return []  # "WBA champion": no member of the WBA
    leads = (title.leader or title.title in words.head_titles) and written.plain and not written.role.lesser \
        and ontology.accepts("leaderOf", "Person", qual.type)
    preds = []
    if ontology.is_a(qual.type, "Country"):
        if title.title not in words.team_staff_titles:
            preds.append("nationality")
    elif ontology.is_a(qual.type, "Organization"):
        if title.title in words.founder_titles:
            return ["founded"]  # "Microsoft founder X", "co-founder of Y": neither a member nor its head
        if _is_party(qual, knowledge):
            preds.append("memberOf")
        elif title.title in words.staff_titles and not leads:
            preds.append("employedBy")
        elif not leads:
            preds.append("memberOf")
    if leads:
        preds.append("leaderOf")
    return preds


def _abuts(qual_tok: Token, first: Token, index: EntityIndex) -> bool:
    """Does the name (or the owner "the party") at ``qual_tok`` end right before the title (or
    before another name, or "'s")?"""
    name = _name_at(qual_tok, index)[1]
    mention = name or index.mention_at(qual_tok.i)
    if mention is None:
        return False
    between = first.doc[mention.token_end:first.i]
    # an owner that is no name comes right before the title: in "the institute's Statistics
    # Unit director" the unit is what is directed
    return all(t.tag_ == "POS" or (name is not None and _name_at(t, index)[1] is not None) for t in between)


def _name_running_to(tok: Token, head: Token, index: EntityIndex) -> Entity | None:
    """The entity of the longest name through ``tok`` that runs right up to the title's ``head``:
    in "BBC Two controller Roly Keating" the controller's is BBC Two, not the BBC inside it."""
    best = None
    for ent in index.entities:
        for m in ent.mentions:
            if m.kind == "name" and m.token_start <= tok.i < m.token_end == head.i and (
                    best is None or m.token_end - m.token_start > best[1].token_end - best[1].token_start):
                best = (ent, m)
    return best[0] if best else None


def _name_at(tok: Token, index: EntityIndex) -> tuple[Entity | None, Mention | None]:
    """The entity whose name covers ``tok``, with that mention: not a role noun over the same
    words ("Labour" in "a former Labour communications director", a mention of Mandelson;
    "Two" in "BBC Two controller Roly Keating" is in no name)."""
    best = None
    for ent in index.entities:
        for m in ent.mentions:
            if m.kind == "name" and m.token_start <= tok.i < m.token_end and (
                    best is None or m.token_end - m.token_start < best[1].token_end - best[1].token_start):
                best = (ent, m)
    return best or (None, None)


def _party_checked(qual_tok: Token, qual: Entity, index: EntityIndex, knowledge: Knowledge) -> Entity | None:
    """The organisation a qualifier names, unless its words name another party than its node:
    "Liberal Democrat spokesman" linked to a node "Democratic Party" is the article's
    Liberal Democrats node, or no affiliation at all."""
    mention = next((m for m in qual.mentions if m.token_start <= qual_tok.i < m.token_end), None)
    if mention is None or not knowledge.ontology.is_a(qual.type, "Organization"):
        return qual
    gaz = knowledge.gazetteer
    written = gaz.party_of_modifier(mention.text) or gaz.party(mention.text)
    if written is None:
        return qual
    if any(gaz.party(name) == written for name in (qual.name, *qual.aliases)):
        return qual
    return _party_entity(written, index, knowledge)


def _inside_hyphenated_name(first: Token, knowledge: Knowledge) -> bool:
    """"Four-Kings", "Tracey-Island": a title word glued by a hyphen to a word that is no title prefix."""
    doc, i = first.doc, first.i
    if i < 2 or doc[i - 1].text != "-" or doc[i - 1].whitespace_ or doc[i - 2].whitespace_:
        return False
    prefix = doc[i - 2]
    return prefix.is_title and prefix.lower_ not in knowledge.words.title_prefixes \
        and prefix.lower_ not in knowledge.gazetteer.title_ranks


def _is_party(ent: Entity, knowledge: Knowledge) -> bool:
    """A political party: typed so, or named by the party gazetteer."""
    gaz = knowledge.gazetteer
    return knowledge.ontology.is_a(ent.type, "PoliticalParty") or any(
        gaz.party(name) is not None for name in (ent.name, *ent.aliases))


def _party_qualifiers(first: Token, index: EntityIndex, knowledge: Knowledge) -> Iterator[tuple[Token, Entity]]:
    """The party a party word right before a title names: "Tory leader", "Lib Dem spokesman",
    "Republican senator" -> the article's node for that party.

    Only when the article names the party itself somewhere ("the Conservatives",
    "the Tories"): a party word alone makes no node.  A word that is already a
    name ("Labour MP") is a qualifier of its own.
    """
    doc = first.doc
    is_a = knowledge.ontology.is_a
    for width in (2, 1):
        start = first.i - width
        # the NER's reading of the words does not matter ("Lib Dem" as a PERSON), unless
        # they are already an organisation's name: that qualifies the title by itself
        if start < 0 or any((e := index.entity_at(t.i)) is not None and is_a(e.type, "Organization")
                            for t in doc[start:first.i]):
            continue
        party = knowledge.gazetteer.party_of_modifier(doc[start:first.i].text)
        ent = _party_entity(party, index, knowledge) if party is not None else None
        if ent is not None:
            yield doc[start], ent
            return


def _party_entity(party: Party, index: EntityIndex, knowledge: Knowledge) -> Entity | None:
    """The article's node for ``party``: an organisation one of whose names is a form of it."""
    gaz = knowledge.gazetteer
    for ent in index.entities:
        if knowledge.ontology.is_a(ent.type, "Organization") and any(
                gaz.party(name) == party for name in (ent.name, *ent.aliases)):
            return ent
    return None


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
    if noun.pos_ != "NOUN" or noun.lemma_.lower() not in offices or lesser_post(noun, knowledge.words):
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


def _heads_at(noun: Token, index: EntityIndex, knowledge: Knowledge) -> Iterator[Candidate]:
    """Who stands "at the head" or "at the helm" of an organisation leads it: "X has been at the
    head of Renault since 1992", "Y is to succeed X at the head of Renault" -> leaderOf.

    The holder is the verb's subject; after a verb of succession ("succeed", "replace") the one
    succeeded, who holds the post now (the successor will only hold it).  Not on purpose: a
    negated verb, and a holdsRole: "head" here is a place in the organisation, not a title.
    """
    words = knowledge.words
    prep = noun.head
    if noun.dep_ != "pobj" or noun.lemma_.lower() not in words.head_nouns or prep.lower_ != "at" \
            or prep.head.pos_ not in ("VERB", "AUX"):
        return
    verb = prep.head
    if any(c.dep_ == "neg" for c in verb.children):
        return
    orgs = [org for of in noun.children if of.dep_ == "prep" and of.lower_ == "of"
            for obj in of.children if obj.dep_ == "pobj" and (org := _organisation_named(obj, index, knowledge))]
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    if verb.lemma_.lower() in words.succession_verbs:
        deps = ("nsubjpass",) if passive else ("dobj",)
    else:
        deps = () if passive else ("nsubj",)
    for holder in (c for c in verb.children if c.dep_ in deps):
        person = index.entity_at(holder.i)
        if person is None or person.type != "Person":
            continue
        for org in orgs:
            yield _candidate(person, "leaderOf", org, ROLE_AT_HEAD, noun, holder)


def _is_name(tok: Token, index: EntityIndex) -> bool:
    """True when ``tok`` is part of a proper name, not a pronoun or a role noun."""
    mention = index.mention_at(tok.i)
    return mention is not None and mention.kind == "name"


# -- memberships ----------------------------------------------------------------


def _memberships(tok: Token, index: EntityIndex, knowledge: Knowledge) -> Iterator[Candidate]:
    """"DAB's Ben Chan" and "Lee Cheuk-yan of/from the Labour Party" -> memberOf;
    "Britain's Paula Radcliffe" -> nationality.

    Only on the head of a person's name, and only for organisations (and a country's
    possessive): "Smith of London" says nothing about membership or nationality.
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
            elif org is not None and is_org(org.type, "Country") and _is_name(child, index):
                yield _candidate(person, "nationality", org, NATIONALITY_POSS, tok, child)
        elif child.dep_ == "prep" and child.lower_ in knowledge.words.membership_preps:
            for obj in child.children:
                org = _organisation_named(obj, index, knowledge) if obj.dep_ == "pobj" else None
                if org is None:
                    continue
                if _employer(obj, org, knowledge):
                    yield _candidate(person, "employedBy", org, EMPLOYMENT_PREP, tok, obj)
                else:
                    yield _candidate(person, "memberOf", org, MEMBERSHIP_PREP, tok, obj)


def _organisation_named(noun: Token, index: EntityIndex, knowledge: Knowledge) -> Entity | None:
    """The organisation a noun phrase names: its own name ("the Labour Party"), or the name
    before the noun of a kind of organisation it heads ("Sal Oppenheim investment bank")."""
    is_org = knowledge.ontology.is_a
    ent = index.entity_at(noun.i)
    if ent is not None and is_org(ent.type, "Organization"):
        return ent
    if noun.pos_ != "NOUN" or noun.lemma_.lower() not in knowledge.gazetteer.organisation_nouns:
        return None
    for child in noun.children:
        ent = _name_at(child, index)[0]
        if child.dep_ in ("compound", "nmod") and ent is not None and is_org(ent.type, "Organization"):
            return ent
    return None


def _employer(noun: Token, org: Entity, knowledge: Knowledge) -> bool:
    """Does a person "of"/"from" ``org`` work for it: a business, by the noun that names its kind
    ("investment bank", "the firm") or by its name's last word ("Capital Economics", "X plc")?

    A party's people are its members, and so are those of any other organisation the
    words do not show to be an employer ("Lee Cheuk-yan of the Labour Party", "X of the
    Red Cross"), on purpose: a member is the weaker claim.
    """
    words = knowledge.words
    if _is_party(org, knowledge):
        return False
    if noun.lemma_.lower() in words.employer_nouns and noun.pos_ == "NOUN":
        return True
    return any(name.split()[-1].lower() in words.employer_name_ends for name in (org.name, *org.aliases) if name)


def _organisation_parts(doc: Doc, index: EntityIndex, knowledge: Knowledge) -> Iterator[Candidate]:
    """"Labour's Fabian Society", "the UN's Security Council", "the BBC's World Service" ->
    partOf: an organisation's name owning the name of a body, by the body's last word.

    Only names on both sides and only bodies by their name ("Society", "Council", "Service"):
    "Apple's iPod" or "Google's YouTube" name a product or a firm bought, no part; and a
    country's body ("Iraq's Governing Council") is left out on purpose.
    """
    is_org = knowledge.ontology.is_a
    for ent in index.entities:
        if not is_org(ent.type, "Organization"):
            continue
        for mention in ent.mentions:
            if mention.kind != "name" or mention.text.split()[-1].lower() not in knowledge.words.body_name_ends:
                continue
            for child in doc[mention.head].children:
                owner = index.entity_at(child.i)
                if child.dep_ == "poss" and owner is not None and owner != ent and _is_name(child, index) \
                        and is_org(owner.type, "Organization") and child.i < mention.token_start:
                    yield _candidate(ent, "partOf", owner, ORGANISATION_PART, doc[mention.head], child)


# -- locations ------------------------------------------------------------------


def _locations(doc: Doc, index: EntityIndex, knowledge: Knowledge) -> Iterator[Candidate]:
    """"Sydney, Australia" / "the coast of Aceh, Indonesia" -> locatedIn(first, second).

    A place name, a comma, then a country or wider place — unless the pair
    continues as a list ("Sydney, Melbourne and Perth": no container follows
    its members that way, and a list goes on with a comma or a conjunction), or
    the second name runs on past its mention ("Arkansas, Magic Live in Las Vegas":
    a name cut short is no container).
    Only a country is written with an article there ("Utrecht, the
    Netherlands"); "Lyon, the Louvre ..." is a list too. Nor is the second name the
    subject of the clause that follows ("In southern Sydney, Picton Road is closed").
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
        if inner.kind != "name" or outer.kind != "name" or ends_longer_name(doc, inner.token_start):
            continue
        if doc[i + 1].pos_ == "DET" and not is_a(container.type, "Country"):
            continue
        if doc[outer.head].dep_ in ("nsubj", "nsubjpass") and doc[outer.head].head.i > outer.head:
            continue  # a fronted phrase, then the clause's subject: "In southern Sydney, Picton Road is closed"
        yield _candidate(place, "locatedIn", container, PLACE_APPOS, doc[i - 1], doc[i + 1])


def _below_country(cls: str, knowledge: Knowledge) -> bool:
    """A place a country can hold (a city, a region): a Place that is no Country."""
    return knowledge.ontology.is_a(cls, "Place") and not knowledge.ontology.is_a(cls, "Country")



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
