"""Find every stretch of a parsed article that may refer to an entity.

Three kinds of mention (see :class:`kg.types.Mention`):

* ``name`` -- the NER's entities of useful labels, typed through the gazetteer
  ("Kyiv" -> City, "British" -> a mention of the United Kingdom), with a
  preceding honorific kept in the span ("Sir Keir") and a caption's credit word,
  a dateline's weekday, letters after a name ("QC") or a title the NER glued on
  ("Treasurer Peter Costello") cut off; a bare title ("the Treasurer") is no name;
  capitalised words before a minister's title are a portfolio, not an organisation,
  except a place or people they open with ("New South Wales Emergency Services
  Minister" -> New South Wales); a name the NER cut at its "and" completed; an organisation or place the text shows is a person
  ("fashion designer Halston", "Wendy Smith" opening with a known given name) retyped, and so is
  a person or organisation the text shows is a place ("the town of X", "in X", listed with
  places) or a person or place it shows is an organisation ("travel company X", "X shares");
  a demonym glued before a person's name ("American Ed Moses") its own mention of the country;
  a party named by a plural ("the Greens") the party; a list's "Twain, Mark" read as one person;
  camel-cased organisations ("wikiHow"); a full name the NER missed that a noun only a
  person is qualifies or is said of ("mathematician Aner Shalev", "Aner Shalev is a
  writer") is a person; a plural people-noun
  ("the Palestinians") names a group of persons; every other occurrence of
  a name's words, or of a person's surname, that the NER missed is one more
  name mention; so is a known place or organisation inside a longer name ("Google" in
  "Google Analytics", "Southern Indiana" in "University of Southern Indiana"); also
  weapon classes named by a classifying modifier
  ("anti-tank missiles");
* ``nominal`` -- noun phrases that describe or stand for a named thing: role
  nouns ("the Ukrainian president", "the PM"), generic nouns ("the country",
  "the company"), the title phrase before a name ("US president Bill
  Clinton"), appositions ("Jeff Rathke, the State Department spokesperson"),
  predicate nominals ("He is a professor at MIT"), and a name with what
  follows it in its noun phrase ("Mecca, Saudi Arabia", "Turkey, which ...") or a
  name owning it before it ("Mecca's Grand Mosque");
* ``pronoun`` -- personal and possessive pronouns.

Which of them really refer to something, and to what, is decided later by
:func:`kg.extract.resolve.resolve_entities`; this module only reads the parse.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache

import numpy
from spacy.attrs import POS
from spacy.symbols import ADJ, DET, NOUN, NUM, PRON, PROPN
from spacy.tokens import Doc, Span, Token

from kg.knowledge.gazetteer import Gazetteer
from kg.knowledge.knowledge import Knowledge
from kg.knowledge.names import normalize_name
from kg.knowledge.ontology import Ontology
from kg.types import Mention

__all__ = ["descriptor_anchor", "find_mentions", "mention_from_tokens", "place_classes", "qualifying_country", "title_of"]

# NER label -> ontology class when the gazetteer knows nothing better
_NER_TYPES = {"PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place", "FAC": "Place",
              "EVENT": "Event", "WEAPON": "Weapon"}
# labels whose entities are names only when the gazetteer knows them ("The Economist")
_GAZETTEER_ONLY = {"PRODUCT", "LAW", "WORK_OF_ART", "NORP"}

# camel-cased organisation names: "wikiHow", "eBay"
_CAMEL = re.compile(r"[a-z]{1,5}[A-Z][a-z]+")
_NUMBER_WORDS = {"One", "Two", "Three", "Four", "Five"}  # in channel names: "BBC Two", "Radio Four"
_PRE_NAME_DEPS = {"compound", "amod", "nmod", "det", "nummod", "poss", "appos"}


@lru_cache(maxsize=4)
def place_classes(ontology: Ontology) -> frozenset[str]:
    """The ontology's classes of place (Place, Country, City, ...), asked once per ontology."""
    return frozenset(c for c in ontology.classes if ontology.is_a(c, "Place"))


def mention_from_tokens(doc: Doc, start: int, end: int, kind: str, type_: str | None = None,
                        role: str | None = None) -> Mention:
    """A Mention over tokens ``[start, end)`` with exact character offsets."""
    span = doc[start:end]
    return Mention(span.start_char, span.end_char, span.text, kind, start, end, span.root.i, type_, role)


def tokens_of(doc: Doc, *parts_of_speech: int) -> list[Token]:
    """The tokens of the given parts of speech (``spacy.symbols`` ids), found through the Doc's
    array in one pass in C: most rules look only at nouns or pronouns, and reading every
    token's strings in Python is the costliest part of finding mentions."""
    return [doc[int(i)] for i in numpy.isin(doc.to_array(POS), parts_of_speech).nonzero()[0]]


def find_mentions(doc: Doc, knowledge: Knowledge) -> list[Mention]:
    """Every name, role/descriptive noun phrase and pronoun of ``doc``, in text order."""
    gaz = knowledge.gazetteer
    names = _named(doc, knowledge)
    named_tokens = {i for m in names for i in range(m.token_start, m.token_end)}
    found = {(m.token_start, m.token_end): m for m in names}
    for m in [*_qualified_places(doc, names, place_classes(knowledge.ontology)), *_modified_names(doc, names),
              *_descriptors(doc, names, knowledge), *_role_and_generic(doc, named_tokens, knowledge),
              *_weapon_classes(doc, named_tokens, gaz), *_pronouns(doc, knowledge)]:
        found.setdefault((m.token_start, m.token_end), m)
    return sorted(found.values(), key=lambda m: (m.start, -m.end))


# --- names -------------------------------------------------------------------

def _named(doc: Doc, knowledge: Knowledge) -> list[Mention]:
    gaz, places = knowledge.gazetteer, place_classes(knowledge.ontology)
    mentions = _inverted(doc, gaz)
    taken = {i for m in mentions for i in range(m.token_start, m.token_end)}
    unkept = []  # entities that name nothing we keep ("Google Chrome") but may hold a name that we do
    in_longer = {t.lower_ for ent in doc.ents if len(ent) > 1 for t in ent}  # words of names of two or more words
    for ent in doc.ents:
        ent = _trimmed(_widened(_completed(ent), gaz), knowledge)
        if ent is not None and ent.label_ != "PERSON":
            ent = _before_portfolio_title(ent, gaz, places)
        if (ent is None or taken & set(range(ent.start, ent.end)) or not _written_as_name(ent) or _bare_title(ent, gaz)
                or _bare_generic(ent, gaz, in_longer) or _adjective_person(ent)):
            continue
        if _demonym_noun(ent, gaz):  # "the Moroccan, who has not raced": a person, not Morocco
            mentions.append(mention_from_tokens(doc, ent.start - 1, ent.end, "nominal", "Person"))
            continue
        nationality = _nationality_before_name(ent, gaz)
        if nationality:  # "American Ed Moses": the country, then the person
            mentions.append(mention_from_tokens(doc, ent.start, ent.start + nationality, "name", "Country"))
            ent = Span(doc, ent.start + nationality, ent.end, label="PERSON")
        type_ = _name_type(ent, gaz)
        if type_ is None:
            if ent.label_ != "NORP" and not _portfolio(ent, gaz):
                unkept.append(ent)
            continue
        start = ent.start
        # a title the NER glued to a person's name is not part of it: "Treasurer Peter Costello"
        while type_ == "Person" and start + 1 < ent.end and _title_word(doc[start], gaz) and _is_proper(doc[start + 1]):
            start += 1
        # an honorific before a person's name is part of how the text names them: "Sir Keir", "Mr Zelensky"
        while type_ == "Person" and start > 0 and _honorific(doc[start - 1], gaz):
            start -= 1
        # so is the article of "the UK", "the Sea Org" (but not of "the UK's support")
        if start > 0 and doc[start - 1].lower_ == "the" and doc[start - 1].head.i in range(ent.start, ent.end):
            start -= 1
        mentions.append(mention_from_tokens(doc, start, ent.end, "name", type_))
    mentions = _people_by_context(doc, mentions, gaz)
    mentions = _places_by_context(doc, mentions, knowledge)
    mentions = _organisations_by_context(doc, mentions, gaz)
    mentions += _untagged_people(doc, mentions, gaz)
    mentions += _camel_cased(doc, mentions)
    mentions += _repeated(doc, mentions, gaz)
    return mentions + _nested(doc, mentions, unkept, knowledge)


def _demonym_noun(ent: Span, gaz: Gazetteer) -> bool:
    """Is the entity a demonym used as a noun for one person: "the Moroccan", "the Ethiopian is the
    defending champion"?  Only after "the", heading its phrase (not "the Moroccan government"), and
    only a demonym with a regular plural ("Moroccans"): "the British", "the French" are a people."""
    doc = ent.doc
    root = ent.root
    return (ent.label_ == "NORP" and ent.start > 0 and doc[ent.start - 1].lower_ == "the"
            and doc[ent.start - 1].head.i == root.i and root.dep_ not in {"amod", "compound", "nmod", "poss"}
            and root.tag_ not in {"NNS", "NNPS"} and gaz.country_of_demonym(ent.text) is not None
            and gaz.country_of_demonym(ent.text + "s") == gaz.country_of_demonym(ent.text))


def _nationality_before_name(ent: Span, gaz: Gazetteer) -> int:
    """How many words of a demonym the NER glued before a person's name ("American Ed Moses" -> 1,
    "South African Shaun Pollock" -> 2), or 0.  Only before a known given name and a surname:
    "American Airlines" and "British Petroleum" are names of their own."""
    for n in (2, 1):
        rest = ent[n:]
        if (len(rest) >= 2 and gaz.country_of_demonym(ent[:n].text) and ent[n - 1].tag_ not in {"NNS", "NNPS"}
                and gaz.is_given_name(rest[0].text) and all(_is_proper(t) for t in rest)):
            return n
    return 0


def _inverted(doc: Doc, gaz: Gazetteer) -> list[Mention]:
    """Persons written surname first, as in a bibliography or a list: "Twain, Mark. A Connecticut
    Yankee", "Marx, Karl and Engels, Friedrich."  Only at the start of a line (or after the "and"
    joining two such names), and only when the word after the comma is a known given name, so
    "Paris, France" and "Smith, 42," are never read so."""
    out = []
    for t in tokens_of(doc, PROPN):
        i = t.i
        line_start = i == 0 or "\n" in doc[i - 1].text
        joined = bool(out) and i >= 1 and doc[i - 1].lower_ == "and" and out[-1].token_end == i - 1
        if not (line_start or joined) or not _is_proper(t) or i + 3 > len(doc):
            continue
        comma, given = doc[i + 1], doc[i + 2]
        after = doc[i + 3] if i + 3 < len(doc) else None
        if comma.text == "," and gaz.is_given_name(given.text) and (
                after is None or after.text in {".", ";"} or after.lower_ == "and" or "\n" in after.text):
            out.append(mention_from_tokens(doc, i, i + 3, "name", "Person"))
    return out


def _people_by_context(doc: Doc, names: list[Mention], gaz: Gazetteer) -> list[Mention]:
    """Names the NER took for an organisation or a place that the text shows are persons'.

    Only names the gazetteer does not know and whose words name no kind of organisation or
    place ("Walker Evans", not "Volgograd Arena"), and only on evidence of the grammar:

    * a noun only a person is qualifies it: "fashion designer Halston", "goddess Athena";
    * it is listed with persons and nothing else: "Ansel Adams, Chuck Close, Walker Evans";
    * it opens with a known given name, and the text names that person by the given name or
      the surname alone, as a person: "the Kelly Clarkson song" ... "Kelly";
    * the NER took it for an organisation, and it is a known given name and a surname
      ("Wendy Smith"), the given name naming no place ("Victoria Police").
    """
    alone = {m.text for m in names if m.type == "Person" and m.token_end - m.token_start == 1}
    by_head = {m.head: m for m in names}
    out = []
    for m in names:
        if m.type in {"Organization", "Place"} and not _known_kind(doc, m, gaz) and (
                _person_noun_before(doc, m, gaz) or _listed_with_people(doc[m.head], by_head)
                or _given_name_alone_elsewhere(doc, m, alone, gaz)
                or (m.type == "Organization" and _given_name_and_surname(doc[m.token_start:m.token_end], gaz))):
            m = replace(m, type="Person")
        out.append(m)
    return out


def _known_kind(doc: Doc, m: Mention, gaz: Gazetteer) -> bool:
    """Does the gazetteer know the name, or do its words say what kind of thing it is ("Arena", "Inc")?"""
    if gaz.lookup(m.text) is not None:
        return True
    kinds = gaz.kind_words
    return any(t.lower_ in kinds or t.lemma_.lower() in kinds for t in doc[m.token_start:m.token_end])


def _given_name_and_surname(span: Span, gaz: Gazetteer) -> bool:
    """Is it two or three capitalised words, the first a known given name that names no place or
    thing the gazetteer knows, the last no plural: "Wendy Smith", not "Victoria Police", "Grace Brothers"?"""
    return (2 <= len(span) <= 3 and all(t.is_alpha and t.text[:1].isupper() for t in span)
            and gaz.is_given_name(span[0].text) and gaz.lookup(span[0].text) is None
            and span[-1].tag_ not in {"NNS", "NNPS"})


def _person_noun_before(doc: Doc, m: Mention, gaz: Gazetteer) -> bool:
    """Is the name qualified by a noun only a person is: "fashion designer Halston", "athletes
    Vitas Gerulaitis", "the ancient gods, such as Zeus, Hera and Athena"?"""
    return any(_person_noun(t, gaz) for t in _describers(doc, m))


def _describers(doc: Doc, m: Mention) -> list[Token]:
    """The nouns that say what a name is: a modifier before it ("designer Halston"), the phrase
    it is apposed to ("the operator, X"), what it is an example of ("gods such as Zeus").  What
    qualifies the first name of a list qualifies them all."""
    head = doc[m.head]
    while head.dep_ == "conj" and head.head.i < head.i:
        head = head.head
    describers = [c for c in head.lefts if c.i < m.token_start and c.dep_ in {"compound", "amod", "nmod"}]
    if head.dep_ == "appos" and head.head.i < head.i:
        describers.append(head.head)
    if head.dep_ == "pobj" and head.head.lower_ in {"as", "like"} and head.head.head.i < head.i:
        describers.append(head.head.head)  # "gods, such as Zeus", "photographers like Walker Evans"
    return describers


def _person_noun(token: Token, gaz: Gazetteer) -> bool:
    """Is the word a common noun only a person is ("designer", "mathematician")?  The tagger
    sometimes reads such a noun before a name as an adjective ("mathematician Aner Shalev")."""
    return token.pos_ in {"NOUN", "ADJ"} and token.text.islower() and gaz.describes_person(token.lemma_)


def _untagged_people(doc: Doc, names: list[Mention], gaz: Gazetteer) -> list[Mention]:
    """Full names of persons the NER did not tag at all, shown to be persons by the grammar:
    a noun only a person is qualifies them ("mathematician and writer Aner Shalev"), or is
    said of them ("Aner Shalev is an Israeli mathematician").

    Only runs of two or three capitalised proper nouns outside every entity, none of them a
    title or an honorific, that the gazetteer does not know and whose words name no kind of
    organisation or place ("Episcopal Conference"): a single capitalised word at the start of
    a sentence proves too little.
    """
    tagged = {i for m in names for i in range(m.token_start, m.token_end)}
    tagged |= {i for ent in doc.ents for i in range(ent.start, ent.end)}
    out = []
    for head in tokens_of(doc, PROPN):
        if head.i in tagged or head.dep_ == "compound" or not _bare_name_word(head, gaz):
            continue
        start = head.i
        while start > 0 and start - 1 not in tagged and doc[start - 1].dep_ == "compound" \
                and doc[start - 1].head.i == head.i and _bare_name_word(doc[start - 1], gaz):
            start -= 1
        if not 2 <= head.i + 1 - start <= 3 or gaz.lookup(doc[start:head.i + 1].text) is not None:
            continue
        m = mention_from_tokens(doc, start, head.i + 1, "name", "Person")
        if not _known_kind(doc, m, gaz) and (_person_noun_before(doc, m, gaz) or _said_to_be_a_person(head, gaz)):
            out.append(m)
    return out


def _bare_name_word(token: Token, gaz: Gazetteer) -> bool:
    """A capitalised proper noun that is no title or honorific ("Shalev", not "Professor")."""
    return (_is_proper(token) and token.is_alpha and token.text not in gaz.honorifics
            and gaz.title(token.text) is None)


def _said_to_be_a_person(subject: Token, gaz: Gazetteer) -> bool:
    """Is the subject said, by "be", to be something only a person is: "X is an Israeli mathematician"?"""
    if subject.dep_ != "nsubj" or subject.head.lemma_ != "be":
        return False
    return any(c.dep_ == "attr" and _person_noun(c, gaz) for c in subject.head.children)


def _listed_with_people(head: Token, by_head: dict[int, Mention]) -> bool:
    """Is the name one of a list of persons' names and of nothing else, at least two of them
    written in full ("Matthew Hayden, Justin Langer, Ricky Ponting")?  Single words alone
    prove little: the NER takes small towns for persons ("Tamworth, Gunnedah and Quirindi")."""
    listed = [by_head[t.i] for t in head.conjuncts if t.i in by_head]
    full = [m for m in listed if m.type == "Person" and m.token_end - m.token_start > 1]
    return len(full) >= 2 and all(m.type == "Person" for m in listed)


def _given_name_alone_elsewhere(doc: Doc, m: Mention, alone: set[str], gaz: Gazetteer) -> bool:
    """Does the name open with a given name, and does the text name the person by one of its words alone?"""
    words = [t.text for t in doc[m.token_start:m.token_end] if t.lower_ != "the"]
    return len(words) == 2 and gaz.is_given_name(words[0]) and bool(alone & set(words))


def _unsure_name(doc: Doc, m: Mention, gaz: Gazetteer, person_words: dict[str, set[str]]) -> bool:
    """Is it a name whose type only the NER gave: unknown to the gazetteer, no word of it naming a
    kind of thing ("Arena"), a title or a people-noun plural ("Whitbreads"), opening with no honorific
    or given name, and no word of another person's fuller name ("Howard" after "John Howard")?"""
    span = doc[m.token_start:m.token_end]
    first = span[1] if len(span) > 1 and span[0].lower_ == "the" else span[0]
    return (not _known_kind(doc, m, gaz) and span[-1].tag_ not in {"NNS", "NNPS"}
            and not gaz.is_given_name(first.text) and first.text not in gaz.honorifics and gaz.title(first.text) is None
            and not any(person_words.get(t.text, set()) - {m.text} for t in span))


def _retyped_by_context(doc: Doc, names: list[Mention], gaz: Gazetteer, doubted_types: set[str],
                        evidence: Callable[[Mention], str | None],
                        strong: Callable[[Mention], str | None] | None = None) -> list[Mention]:
    """The names with each unsure one (:func:`_unsure_name`) of ``doubted_types`` retyped when
    ``evidence`` proves it of another class -- read at any mention of the same name, whatever the
    NER took that one for -- and with it every doubted mention of the name: what one sentence
    shows ("the town of X", "X shares") holds for the article's other mentions of X, so the name
    gets one type.  ``strong`` evidence ("X investment bank") retypes a name of ``doubted_types``
    even when it opens with a given name ("Sal Oppenheim")."""
    person_words = _people_words(names)
    doubted = {k for k, m in enumerate(names) if m.type in doubted_types and _unsure_name(doc, m, gaz, person_words)}
    keys = [normalize_name(m.text) for m in names]
    doubted_names = {keys[k] for k in doubted}
    proven: dict[str, str] = {}
    strongly: set[str] = set()  # names proven by strong evidence: all their mentions of doubted types are retyped
    for m, key in zip(names, keys):
        kind = evidence(m) if key in doubted_names else None
        if kind is None and strong is not None and m.type in doubted_types and gaz.lookup(m.text) is None:
            kind = strong(m)
            if kind is not None:
                strongly.add(key)
        if kind is not None:
            proven.setdefault(key, kind)
    return [replace(m, type=proven[key]) if key in proven and (k in doubted or (key in strongly and m.type in doubted_types))
            else m for k, (m, key) in enumerate(zip(names, keys))]


def _people_words(names: list[Mention]) -> dict[str, set[str]]:
    """The words of the persons' names of two or more words, with the names holding them:
    "Howard" -> {"John Howard"}."""
    words: dict[str, set[str]] = {}
    for m in names:
        if m.type == "Person" and len(m.text.split()) > 1:
            for word in m.text.split():
                words.setdefault(word, set()).add(m.text)
    return words


def _places_by_context(doc: Doc, names: list[Mention], knowledge: Knowledge) -> list[Mention]:
    """Names the NER took for a person or an organisation that the text shows are places.

    Only names of an unsure type (:func:`_unsure_name`), on evidence of the grammar:

    * a noun of a kind of place qualifies it: "the Amazon river", "the town of X", "the towns of
      X and Y", "X, a town on the coast" (the class is the noun's: a town is a City);
    * it is listed with places and no person's full name: "Tamworth, X and Y", "between X and
      Melbourne" (only for a name the NER took for a person: organisations are listed with countries);
    * a name the NER took for a person is the object of "in", "near", "around", "outside" or
      "throughout" ("arriving in central X"); one it took for an organisation only of "near".
    """
    gaz, places = knowledge.gazetteer, place_classes(knowledge.ontology)
    by_head = {m.head: m for m in names}
    prepositions = knowledge.words.place_prepositions

    def evidence(m: Mention) -> str | None:
        head = doc[m.head]
        return (_place_noun_of(head, gaz) or _listed_with_places(head, m, by_head, places)
                or _located(head, m, prepositions))

    return _retyped_by_context(doc, names, gaz, {"Person", "Organization"}, evidence)


def _place_noun_of(head: Token, gaz: Gazetteer) -> str | None:
    """The class of the place noun qualifying a name: "the X river" (Place), "the town of X", "the towns of
    Y and X", "X, a town in" (City)."""
    first = head
    while first.dep_ == "conj" and first.head.i < first.i:
        first = first.head
    nouns = [c for c in head.children if c.dep_ == "appos"]
    if head.dep_ == "compound" and head.head.i > head.i:
        nouns.append(head.head)
    if first.dep_ == "pobj" and first.head.lower_ == "of":
        nouns.append(first.head.head)
    kinds = [gaz.place_nouns.get(t.lower_) or gaz.place_nouns.get(t.lemma_)
             for t in nouns if t.pos_ == "NOUN" and t.text.islower()]
    return next((kind for kind in kinds if kind), None)


def _listed_with_places(head: Token, m: Mention, by_head: dict[int, Mention], place_types: frozenset[str]) -> str | None:
    """The class of the places a name the NER took for a person is listed with, if it is listed
    with places and no person's full name: City when they are all cities, else Place."""
    if m.type != "Person":
        return None
    listed = [by_head[t.i] for t in head.conjuncts if t.i in by_head]
    places = {o.type for o in listed if o.type in place_types}
    if not places or any(o.type == "Person" and o.token_end - o.token_start > 1 for o in listed):
        return None
    return places.pop() if places == {"City"} else "Place"


def _located(head: Token, m: Mention, place_prepositions: frozenset[str]) -> str | None:
    """Place, when the name is the object of a preposition of place ("in X", "near X") and no noun
    says what it is."""
    prepositions = place_prepositions if m.type == "Person" else {"near"}
    if (head.dep_ != "pobj" or head.head.lower_ not in prepositions
            or any(c.dep_ in {"case", "conj"} for c in head.children)):
        return None
    # "in the 1969 film X": a noun says what it is
    return None if any(t.pos_ == "NOUN" for t in _describers(head.doc, m)) else "Place"


def _organisations_by_context(doc: Doc, names: list[Mention], gaz: Gazetteer) -> list[Mention]:
    """Names the NER took for a person or a place that the text shows are organisations'.

    Only names of an unsure type (:func:`_unsure_name`), on evidence of the grammar:

    * a noun only an organisation is qualifies it, and no noun a person is: "travel company X",
      "Australia's biggest pay television operator, X", "airlines such as X";
    * it owns, or qualifies, a noun only an organisation has: "X shares", "X's board", "X administrators";
    * it qualifies a noun only an organisation is, as its name: "X investment bank", "the X news
      agency", or such a noun stands right before it ("ITV soap X") -- strong enough for a name
      that opens with a given name ("Sal Oppenheim") or ends with a word of a kind ("X Street").
    Not a name the NER took for an organisation: "Novartis" typed Person in one sentence is retyped
    by "Swiss drugmaker Novartis" in another, never the other way round.
    """
    def evidence(m: Mention) -> str | None:
        head = doc[m.head]
        describers = _describers(doc, m)
        described = (any(t.pos_ == "NOUN" and t.text.islower() and t.lemma_ in gaz.organisation_nouns for t in describers)
                     and not any(_person_noun(t, gaz) for t in describers))
        owning = head.dep_ in {"compound", "poss"} and head.head.i > head.i and head.head.lower_ in gaz.organisation_owned
        return "Organization" if described or owning or named_kind(m) else None

    def named_kind(m: Mention) -> str | None:
        head = doc[m.head]
        noun = head.head
        if (head.dep_ == "compound" and noun.i > head.i and noun.pos_ == "NOUN" and noun.text.islower()
                and noun.lemma_ in gaz.organisation_nouns and not _person_noun(noun, gaz)):
            return "Organization"  # "Sal Oppenheim investment bank"
        before = doc[m.token_start - 1] if m.token_start > 0 else None
        if (before is not None and before.head.i == head.i and before.dep_ == "compound" and before.pos_ == "NOUN"
                and before.text.islower() and before.lemma_ in gaz.organisation_nouns):
            return "Organization"  # "ITV soap Coronation Street", "drugmaker Novartis": the noun says what it is
        return None

    return _retyped_by_context(doc, names, gaz, {"Person", "Place"}, evidence, strong=named_kind)


def _camel_cased(doc: Doc, names: list[Mention]) -> list[Mention]:
    """Organisations written in camel case, which the NER rarely reads as names: "wikiHow", "eBay".
    (Not "iPhone": a lone "i" before the capital marks a product.)"""
    named = {i for m in names for i in range(m.token_start, m.token_end)}
    return [mention_from_tokens(doc, t.i, t.i + 1, "name", "Organization")
            for t in doc if t.i not in named and _CAMEL.fullmatch(t.text) and not t.text.startswith("i")]


def _repeated(doc: Doc, names: list[Mention], gaz: Gazetteer) -> list[Mention]:
    """Later (or earlier) occurrences of a name the NER read once but missed elsewhere.

    The same capitalised words standing alone ("Scientology", "Twitter") name the same
    thing again; so does the surname of a person named in full ("Rathbun" after "Mark
    Rathbun").  Words glued to a longer proper name ("Google Analytics") are left alone.
    """
    named = {i for m in names for i in range(m.token_start, m.token_end)}
    forms: dict[tuple[str, ...], tuple[str, bool]] = {}  # words -> (type, written with "the")
    for m in names:
        span = doc[m.token_start:m.token_end]
        words = [t.text for t in span if t.lower_ != "the" and t.text not in gaz.honorifics]
        if m.type == "Weapon" or not words or not words[0][:1].isupper():
            continue
        forms.setdefault(tuple(words), (m.type, span[0].lower_ == "the"))
        if m.type == "Person" and len(words) > 1 and words[-1][:1].isupper() and words[-1].isalpha():
            forms.setdefault((words[-1],), ("Person", False))
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for words in sorted(forms, key=len, reverse=True):  # the longest form first
        by_first.setdefault(words[0], []).append(words)
    out = []
    for i in range(len(doc)):
        for words in by_first.get(doc[i].text, []):
            j = i + len(words)
            if tuple(t.text for t in doc[i:j]) != words or named & set(range(i, j)):
                continue
            if (i > 0 and _is_proper(doc[i - 1])) or (j < len(doc) and _is_proper(doc[j])):
                continue
            type_, with_article = forms[words]
            start = i - 1 if with_article and i > 0 and doc[i - 1].lower_ == "the" else i  # "The Brooklyn Paper"
            out.append(mention_from_tokens(doc, start, j, "name", type_))
            named |= set(range(i, j))
            break
    return out


def _is_proper(token: Token) -> bool:
    return token.pos_ == "PROPN" and token.text[:1].isupper()


def _nested(doc: Doc, names: list[Mention], unkept: list[Span], knowledge: Knowledge) -> list[Mention]:
    """Names inside longer names: "Massachusetts" in "Massachusetts Institute of Technology",
    "Google" in "Google Analytics" or in the product "Google Chrome".

    A stretch of a longer name is a mention of its own when the gazetteer knows it as a
    place, or as an organisation other than the whole that does not end it ("Parliament"
    is the whole of "the Indian Parliament"), or -- inside a name we keep -- when the article
    names it on its own elsewhere (not "VR" in "PlayStation VR").  Not a place glued to "New" ("Wales" in "New South Wales"),
    nor a compass word alone ("West" in "West Bank").  In the name of
    an organisation, a compass word before a known place belongs to the place: "Southern
    Indiana" in "University of Southern Indiana" (but "East China Sea" holds "China").
    """
    gaz, places = knowledge.gazetteer, place_classes(knowledge.ontology)
    compass, joining = knowledge.words.compass_words, knowledge.words.name_joining_words
    alone = {normalize_name(m.text): m.type for m in names}
    longer = [(m.token_start, m.token_end, m.type, alone) for m in names if m.type != "Person"]  # "Warhol" in "Andy Warhol" is him
    longer += [(ent.start, ent.end, None, {}) for ent in unkept]
    out = []
    for first, end, outer, named_alone in longer:
        whole = gaz.lookup(doc[first:end].text)
        core = first + (doc[first].lower_ == "the")
        for i in range(core, end):
            if not doc[i].text[:1].isupper() or _after_new(doc, i, core, compass):
                continue
            for j in range(end, i, -1):
                if (i, j) == (core, end) or (j == i + 1 and doc[i].text in compass):
                    continue  # a compass word alone is no place inside a longer name ("West" of "West Bank")
                entry = gaz.lookup(doc[i:j].text)
                if entry is not None and entry.type in places and whole is not None and whole.type in places:
                    continue  # "Africa" in "South Africa", "Guinea" in "Papua New Guinea": the known place is one
                if entry is not None and (entry.type in places or (
                        entry.type == "Organization" and entry != whole and j < end)):
                    type_ = entry.type
                else:
                    type_ = named_alone.get(doc[i:j].text)
                if type_ is None:
                    continue
                start = i
                if (type_ in places and outer not in places and i > core and doc[i - 1].text in compass
                        and (i - 1 == core or doc[i - 2].lower_ in joining)):
                    start = i - 1
                if (start, j) != (core, end):
                    out.append(mention_from_tokens(doc, start, j, "name", type_))
                break
    return out


def _after_new(doc: Doc, i: int, core: int, compass: frozenset[str]) -> bool:
    """Is the word at ``i`` part of a place named with "New": "Mexico" in "New Mexico", "Wales" in "New South Wales"?"""
    before = [t.text for t in doc[max(core, i - 2):i]]
    return bool(before) and (before[-1] == "New" or (before[-1] in compass and before[0] == "New"))


def _honorific(token: Token, gaz: Gazetteer) -> bool:
    return token.text in gaz.honorifics and token.text[:1].isupper()


def _title_word(token: Token, gaz: Gazetteer) -> bool:
    """Is the word a role title that is no honorific ("Treasurer", "Sheikh"; not "Sir")?"""
    return token.text not in gaz.honorifics and gaz.title(token.text) is not None


def _adjective_person(ent: Span) -> bool:
    """Is it one adjective qualifying a noun that the NER took for a person: "Olympic" of "Olympic
    champion Kenenisa Bekele"?  No one is named by an adjective."""
    return ent.label_ == "PERSON" and len(ent) == 1 and ent[0].tag_ == "JJ" and ent[0].dep_ == "amod"


def _bare_generic(ent: Span, gaz: Gazetteer, in_longer: set[str]) -> bool:
    """Is the entity a capitalised generic noun ("the Bank", "The Company") standing for a longer
    name of the article that holds the word ("the Bank of England"; ``in_longer``: the words of the
    article's names of two or more words)?  Then it is a generic noun referring to that name, never
    a name of its own.  Alone in its article, "the Bank" stays a name."""
    words = [t for t in ent if t.lower_ != "the"]
    return len(words) == 1 and words[0].lower_ in gaz.generic_nouns and words[0].lower_ in in_longer


def _bare_title(ent: Span, gaz: Gazetteer) -> bool:
    """Is the entity only a title or an honorific ("the Treasurer", "Sheikh")?  That is a role
    noun standing for someone named elsewhere, never a name of its own."""
    words = [t for t in ent if t.lower_ != "the"]
    singular = ent[0].text[:-1]
    if len(ent) == 1 and ent[0].text.endswith("s") and singular.isupper() and gaz.title(singular) is not None:
        return True  # "MPs", "MEPs": several holders of a title, no name (but "the Cardinals" may be a team)
    return bool(words) and (gaz.title(" ".join(t.text for t in words)) is not None
                            or all(t.text in gaz.honorifics or gaz.title(t.text) is not None for t in words))


def _before_portfolio_title(ent: Span, gaz: Gazetteer, place_types: frozenset[str]) -> Span | None:
    """The entity without the portfolio that a minister's title after it completes.

    Capitalised words written before "Minister", "Secretary" or "Treasurer" name a portfolio
    ("Fair Trading Minister", "Industrial Relations Minister"), not an organisation, when the
    gazetteer does not know them and no word of theirs names a kind of organisation ("Labor
    Party Secretary" is the party's).  What stays is a place or a people the portfolio
    opens with: "New South Wales" of "New South Wales Emergency Services Minister", "British"
    (the United Kingdom) of "British Home Secretary"; else nothing.
    """
    doc = ent.doc
    k = ent.start + 1
    while k < len(doc) and _is_proper(doc[k]) and not _portfolio_title(doc[k], gaz):
        k += 1
    if k >= len(doc) or not _portfolio_title(doc[k], gaz):
        return ent
    portfolio = doc[ent.start:min(k, ent.end)]
    kinds = gaz.kind_words
    if (gaz.lookup(portfolio.text) is not None or portfolio.text.isupper()
            or any(t.lower_ in kinds or t.lemma_.lower() in kinds for t in portfolio)):
        return ent
    for end in range(portfolio.end, ent.start, -1):
        lead = doc[ent.start:end]
        entry = gaz.lookup(lead.text)
        if entry is not None and entry.type in place_types:
            return Span(doc, ent.start, end, label="GPE" if entry.type != "Place" else "LOC")
        if gaz.country_of_demonym(lead.text):
            return Span(doc, ent.start, end, label="NORP")
    return None


def _portfolio_title(token: Token, gaz: Gazetteer) -> bool:
    title = gaz.title(token.text)
    return token.text[:1].isupper() and title is not None and title.title in gaz.portfolio_titles


def _written_as_name(ent: Span) -> bool:
    """Does the text write it as a name -- a capital or a digit somewhere?  The NER also tags
    lower-case words ("anti" of "anti-Taliban", "grey skies", "state"); a weapon class the
    gazetteer knows ("cruise missile") is the one lower-case name kept."""
    return ent.label_ == "WEAPON" or any(c.isupper() or c.isdigit() for c in ent.text)


def _completed(ent: Span) -> Span:
    """The entity the NER cut at the "and" inside a name, with the rest of the name: "the Australian
    Competition and" + "Consumer Commission", when the parse makes the capitalised words after the
    "and" the end of the same phrase and the NER tagged none of them; and an organisation the NER
    began after the "and" ("Public and Commercial Services union"), when the parse joins it to the
    untagged capitalised word before the "and"."""
    doc = ent.doc
    head = ent.root.head
    first = ent.root.head if ent.root.dep_ == "conj" else None
    if (first is not None and ent.start >= 2 and first.i == ent.start - 2 and doc[ent.start - 1].lower_ in {"and", "&"}
            and first.text[:1].isupper() and first.is_alpha and first.ent_type_ == "" and ent.label_ == "ORG"):
        # the other way round: "Public and" + "Commercial Services" (union), "Food and" + "Drug Administration"
        return Span(doc, first.i, ent.end, label=ent.label_)
    if ent[-1].pos_ != "CCONJ" or not ent.end < head.i <= ent.end + 3:
        return ent
    rest = doc[ent.end:head.i + 1]
    if all(_is_proper(t) and t.ent_iob_ != "B" and t.ent_type_ == "" for t in rest):
        return Span(doc, ent.start, head.i + 1, label=ent.label_)
    return ent


def _widened(ent: Span, gaz: Gazetteer) -> Span:
    """The entity with the capitalised words before it that make with it a longer name the gazetteer
    knows: the NER tags "Democrat" in "Liberal Democrat spokesman", and that is another party than
    the Democrats (at most two words, none of them in another entity; the longest known name wins);
    an organisation with the capitalised word and "of" the parse makes it the object of ("Top of the"
    + "Pops"; not a title's, "Chairman of" + "Apple", nor a place's, "History of" + "England"); and an organisation with the capitalised number word after
    it ("BBC" + "Two")."""
    doc = ent.doc
    end = ent.end
    if ent.label_ == "ORG" and end < len(doc) and doc[end].text in _NUMBER_WORDS and doc[end].ent_type_ in {"", "CARDINAL"}:
        end += 1  # "BBC" + "Two": a channel named by a number word
    for start in range(max(ent.start - 2, 0), ent.start):
        words = doc[start:ent.start]
        if (all(_is_proper(t) and t.ent_type_ == "" for t in words)
                and gaz.lookup(doc[start:end].text) is not None):
            return Span(doc, start, end, label=ent.label_)
    start = ent.start - 2 - (ent.start >= 3 and doc[ent.start - 1].lower_ == "the")
    if (ent.label_ == "ORG" and start >= 0 and doc[start + 1].lower_ == "of" and ent.root.head.i == start + 1
            and doc[start + 1].head.i == start):
        first = doc[start]
        if (first.text[:1].isupper() and first.is_alpha and first.ent_type_ == "" and gaz.title(first.text) is None
                and first.text not in gaz.honorifics):
            return Span(doc, start, end, label=ent.label_)  # "Top of the" + "Pops"
    return Span(doc, ent.start, end, label=ent.label_) if end != ent.end else ent


def _trimmed(ent: Span, knowledge: Knowledge) -> Span | None:
    """The entity without what the NER glued to its end: a possessive, punctuation or a conjunction
    ("Keir's", "Dan Bursch - and"), a dateline's weekday ("Wikinews Saturday"), a caption's credit word
    ("Ahmed Mohamed Image: ..."), the letters after a person's name ("Wayne Martin QC"), anything past a
    line break, and an acronym in a bracket left open ("... Energy Union (CFMEU")."""
    doc, gaz, words = ent.doc, knowledge.gazetteer, knowledge.words
    end = next((t.i for t in ent if "\n" in t.text), ent.end)
    opened = next((t.i for t in ent if t.text == "("), None)
    if opened is not None and not any(t.text == ")" for t in doc[opened:end]):
        end = opened
    while end > ent.start:
        last = doc[end - 1]
        credit = last.lower_ in words.caption_credit_words and end < len(doc) and doc[end].text == ":"
        if not (last.tag_ == "POS" or last.is_punct or last.is_space or last.pos_ == "CCONJ"
                or last.text in words.weekdays or credit
                or (last.text in gaz.post_nominals and (ent.label_ == "PERSON" or end == ent.start + 1))):
            break
        end -= 1
    return Span(doc, ent.start, end, label=ent.label_) if end > ent.start else None


def _portfolio(ent: Span, gaz: Gazetteer) -> bool:
    """Is the entity a portfolio completing a title, not an organisation?  "Interior Minister",
    "Minister for Immigration", "Secretary of the Interior", "Professor Emeritus", and any word a
    known title ends with ("State" of "Secretary of State")."""
    doc = ent.doc
    if ent.start >= 2 and doc[ent.start - 1].lower_ in {"of", "for"} and gaz.title(doc[ent.start - 2:ent.end].text):
        return True
    if normalize_name(ent.text) not in gaz.portfolios:
        return False
    if ent.end < len(doc) and gaz.title(doc[ent.end].text):
        return True
    i = ent.start - 1
    while i >= 0 and doc[i].lower_ in {"for", "of", "the", "and"}:
        i -= 1
    return i >= 0 and gaz.title(doc[i].text) is not None


def _name_type(ent: Span, gaz: Gazetteer) -> str | None:
    """The ontology class of a named entity, or None when it names no entity we keep."""
    if _portfolio(ent, gaz):
        return None
    entry = gaz.lookup(ent.text)
    if entry is None and ent.label_ == "GPE":
        entry = gaz.place(ent.text)  # a place the NER found that only the libraries know: "Goulburn" is a City
    if ent.label_ == "NORP":
        # a party name ("Democrats", "the Greens": a plural of the words naming parties) stands for the
        # party; a plural people-noun ("the Palestinians", "Muslims") for a group of persons; an
        # adjective ("British") for its country
        if entry and entry.type == "Organization":
            return entry.type
        if ent[-1].tag_ in {"NNS", "NNPS"}:
            return "Organization" if normalize_name(ent.text).lower() in gaz.generic_words("party") else "Person"
        return "Country" if gaz.country_of_demonym(ent.text) else None
    if entry is not None and not (ent.label_ == "PERSON" and gaz.is_given_name(normalize_name(ent.text))):
        return entry.type
    if ent.label_ in _GAZETTEER_ONLY:
        return None
    if len(ent) > 1 and ent[-1].text[:1].isupper() and ent[-1].lower_ in gaz.event_name_ends:
        return "Event"  # "the World Cross Country Championships", "the Rugby World Cup"
    if ent.label_ == "PERSON" and len(ent) > 1 and ent[-1].text[:1].isupper():
        last = ent[-1].lower_
        if last in gaz.generic_nouns:
            return gaz.generic_nouns[last]  # "McMurdo Station", "Einstein Institute": named after someone
        if last in gaz.organisation_name_ends:
            return "Organization"  # "Eon Labs", "Teva Pharmaceuticals", "Acme Inc"
    return _NER_TYPES.get(ent.label_)


def _qualified_places(doc: Doc, names: list[Mention], place_types: frozenset[str]) -> list[Mention]:
    """A place with the places it lies in: "Mecca, Saudi Arabia", "Evansville, Indiana, United States".

    The whole phrase is one more mention of the first place (its syntactic head), as
    annotators mark it; each place named in it keeps its own mention.
    """
    places = {m.token_start: m for m in names if m.type in place_types}
    out = []
    for m in places.values():
        end = m.token_end
        while end + 1 < len(doc) and doc[end].text == "," and end + 1 in places:
            end = places[end + 1].token_end
        if end > m.token_end and doc[m.token_start:end].root.i in range(m.token_start, m.token_end):
            out.append(mention_from_tokens(doc, m.token_start, end, "nominal", m.type))
    return out


def _modified_names(doc: Doc, names: list[Mention]) -> list[Mention]:
    """A name with what modifies it, as one phrase: "Turkey, who is knocking on the doors of
    Europe", "Duke University, located in Durham", "Northwestern University in Evanston", and
    a name owned by a name before it, "Mecca's Grand Mosque".

    Annotators mark the whole noun phrase as a mention of the name (the name alone stays
    a mention too); conjuncts and appositions are mentions of their own, not part of it.
    """
    owner_ending: dict[int, Mention] = {}  # token end -> the longest name ending there
    for m in names:
        if m.token_end not in owner_ending or m.token_start < owner_ending[m.token_end].token_start:
            owner_ending[m.token_end] = m
    out = []
    for m in names:
        head = doc[m.head]
        after = [c for c in head.rights if c.dep_ in {"relcl", "acl", "prep"} and c.i >= m.token_end]
        end = max((c.right_edge.i + 1 for c in after), default=m.token_end)
        while end > m.token_end and (doc[end - 1].is_punct or doc[end - 1].is_space):
            end -= 1
        start = m.token_start
        if start > 0 and doc[start - 1].tag_ == "POS" and start - 1 in owner_ending:  # "Mecca's Grand Mosque"
            start = owner_ending[start - 1].token_start
        if (start, end) != (m.token_start, m.token_end) and "\n" not in doc[start:end].text:
            out.append(replace(mention_from_tokens(doc, start, end, "nominal", m.type), head=m.head))
    return out


# --- titles and countries qualifying a noun -------------------------------------

def title_of(tokens: list[Token], gaz: Gazetteer) -> str | None:
    """The role title the end of a run of words spells ("British Defence Secretary" -> Defence Secretary),
    or its words before a portfolio ("Minister of Education", "director of the gallery" -> Minister, Director).
    A rank word before it makes it another title ("Shadow Treasurer", "deputy director" -> Deputy Director),
    which someone else than "the Treasurer" or "the director" holds."""
    words = [t.text for t in tokens]
    for i in range(len(words)):
        title = gaz.title(" ".join(words[i:]))
        if title is not None:
            if i > 0 and words[i - 1].lower() in gaz.title_ranks:
                return f"{words[i - 1].capitalize()} {title.title}"
            return title.title
    cut = next((i for i, w in enumerate(words) if i > 0 and w.lower() in {"of", "for"}), None)
    return title_of(tokens[:cut], gaz) if cut is not None else None


def qualifying_country(head: Token, gaz: Gazetteer) -> str | None:
    """The country named by a modifier of a noun: "the Ukrainian president", "Russia's president"."""
    for child in head.lefts:
        if child.dep_ in {"amod", "compound", "poss", "nmod"}:
            text = normalize_name(child.text)
            country = gaz.country_of_demonym(text)
            entry = gaz.lookup(text)
            if country:
                return country
            if entry is not None and entry.type == "Country":
                return entry.name
    return None


# --- nominal mentions tied to a name by the grammar ------------------------------

def descriptor_anchor(head: Token, knowledge: Knowledge) -> Token | None:
    """The token a descriptive noun phrase headed by ``head`` is about, if the grammar says so.

    * apposition: "Jeff Rathke, the spokesperson" (either side may be the appos);
    * predicate nominal: "He is a professor at MIT" -> the subject;
    * a generic noun with a named of-object: "the city of Livorno".
    """
    breaks = knowledge.words.apposition_breaks
    if head.dep_ == "appos":
        return head.head if _appositive(head.head, head, breaks) else None
    appos = [c for c in head.rights if c.dep_ == "appos"]  # an apposition follows what it names
    if appos and appos[0].pos_ == "PROPN" and _appositive(head, appos[0], breaks):
        return appos[0]
    if head.dep_ == "attr" and head.head.lemma_ == "be":
        subjects = [c for c in head.head.children if c.dep_ in {"nsubj", "nsubjpass"}]
        return subjects[0] if subjects else None
    if head.lemma_.lower() not in knowledge.gazetteer.generic_nouns:
        return None
    for prep in head.rights:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            objects = [c for c in prep.children if c.dep_ == "pobj" and c.pos_ == "PROPN"]
            return objects[0] if objects else None
    return None


def _appositive(anchor: Token, appos: Token, breaks: frozenset[str]) -> bool:
    """Are two phrases the parse calls apposed really side by side ("Jeff Rathke, the spokesperson"),
    not across a colon, a quotation mark or a line break?"""
    first, second = sorted([anchor, appos], key=lambda t: t.i)
    gap = first.doc[first.i + 1:second.left_edge.i] if second.left_edge.i > first.i else []
    return not any(t.text in breaks or "\n" in t.text for t in gap)


def _descriptors(doc: Doc, names: list[Mention], knowledge: Knowledge) -> list[Mention]:
    """Noun phrases that describe a named thing: titles before a person's name, appositions, predicates."""
    gaz, words = knowledge.gazetteer, knowledge.words
    out = []
    by_token = {i: m for m in names for i in range(m.token_start, m.token_end)}
    for m in names:
        if m.type != "Person":
            continue
        head = doc[m.head]
        # "US president Bill Clinton", "science fiction writer L. Ron Hubbard": the whole phrase is a mention too
        pre = [c for c in head.lefts if c.i < m.token_start and c.dep_ in _PRE_NAME_DEPS]
        if pre:
            start = min(c.left_edge.i for c in pre)
            while "\n" in doc[start:m.token_start].text:  # a title line above the name is no part of it
                start += 1
            role = title_of(list(doc[start:m.token_start]), gaz)
            out.append(mention_from_tokens(doc, start, m.token_end, "nominal", "Person", role))
    for token in tokens_of(doc, NOUN, PROPN, NUM):
        if token.i in by_token or token.lower_ in words.caption_credit_words or token.text in gaz.post_nominals:
            continue  # "Wayne Martin QC" is the man named, not a description of what stands before it
        anchor = descriptor_anchor(token, knowledge)
        if anchor is None or (anchor.i not in by_token and anchor.lower_ not in words.pronouns):
            continue
        start, end = token.left_edge.i, token.right_edge.i + 1
        if anchor.i in range(start, end):  # "the city of Livorno" keeps its object inside
            end = max(end, anchor.i + 1)
        while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].tag_ == "POS"
                               or doc[end - 1].dep_ == "cc"):
            end -= 1
        if any("\n" in t.text for t in doc[start:end]):
            continue  # a phrase never runs over a line break: the parse joined a caption to the text
        anchored = by_token.get(anchor.i)
        type_ = anchored.type if anchored else None
        out.append(mention_from_tokens(doc, start, end, "nominal", type_, title_of(list(doc[start:token.i + 1]), gaz)))
    return out


# --- role nouns and generic nouns --------------------------------------------------

def _role_and_generic(doc: Doc, named_tokens: set[int], knowledge: Knowledge) -> list[Mention]:
    """Definite noun phrases headed by a title ("the Prime Minister") or a generic noun ("the country").

    * A title keeps a word of time ("the former police chief", "the then home secretary"): the
      resolver lets such a title stand only for the person the text is about, never for whoever
      holds the title (see :func:`kg.extract.resolve._topic_holder`).
    * A title joined to a definite title shares its article: "the European commissioner and
      former Labour minister" is two mentions, which the resolver makes one person only when the
      verb agrees in the singular ("... was speaking"; "the prime minister and chancellor faced"
      are two).
    * The article may hang on the phrase's first noun: "the four-time world 1500m champion".

    Not "the neighbouring republic" nor "another minister" (something or someone else than the
    one just named), nor a word of time before a generic or person noun ("the former champion",
    "the former capital"), nor a generic noun said to be of something unnamed ("the state of
    magic", "the network of caves"): those describe, they do not refer back.
    """
    gaz, words = knowledge.gazetteer, knowledge.words
    definite, other, past = words.definite_determiners, words.other_referent_modifiers, words.past_holder_modifiers
    out = []
    for token in tokens_of(doc, NOUN, PROPN, ADJ):
        if token.i in named_tokens or token.dep_ == "compound" or (token.pos_ == "ADJ" and token.lower_ != "old"):
            continue
        determiner = _determiner_of(token, definite)
        if determiner is None:
            conjoined = _conjoined_title(token, named_tokens, knowledge)
            if conjoined is not None:
                out.append(conjoined)
            continue
        start = determiner.i
        modifiers = doc[start + 1:token.i]
        if any(t.lower_ in other for t in modifiers):
            continue
        role = title_of(list(modifiers) + [token], gaz)
        if role is not None:
            out.append(mention_from_tokens(doc, start, token.i + 1, "nominal", "Person", role))
            continue
        if any(t.lower_ in past or t.lower_.startswith("ex-") for t in modifiers):
            continue
        if _describes_one_person(token, determiner, knowledge):
            out.append(mention_from_tokens(doc, start, token.i + 1, "nominal", "Person"))
            continue
        if token.pos_ == "ADJ":
            continue
        type_ = gaz.generic_nouns.get(token.lemma_.lower())
        # "the Arab states" are several things, not the one state named before ("forces" is listed as such)
        if token.tag_ in {"NNS", "NNPS"} and token.lower_ not in gaz.generic_nouns:
            continue
        if _of_unnamed(token):
            continue
        if type_ is not None and determiner.lower_ in definite:
            out.append(mention_from_tokens(doc, start, token.i + 1, "nominal", type_))
    return out


def _determiner_of(token: Token, definite: frozenset[str]) -> Token | None:
    """The definite article, demonstrative or possessive of the phrase ``token`` heads: its own, or
    one the parse hung on the phrase's first noun ("the four-time world 1500m champion", where
    "the" is a child of "world")."""
    for holder in (token, *[c for c in token.lefts if c.dep_ in {"nmod", "compound"} and c.pos_ == "NOUN"][:1]):
        determiners = [c for c in holder.lefts if c.dep_ in {"det", "poss"}]
        if determiners and (determiners[0].lower_ in definite or determiners[0].dep_ == "poss"):
            return determiners[0]
        if determiners:
            return None
    return None


def _conjoined_title(token: Token, named_tokens: set[int], knowledge: Knowledge) -> Mention | None:
    """A title with no article of its own joined to a definite title: "former Labour minister" in
    "the European commissioner and former Labour minister" (a role mention of its own)."""
    first = token.head
    if token.dep_ != "conj" or first.i > token.i or first.i in named_tokens or token.tag_ in {"NNS", "NNPS"}:
        return None
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in first.lefts):
        return None
    gaz, doc = knowledge.gazetteer, token.doc
    start = token.left_edge.i
    if any(t.lower_ in knowledge.words.other_referent_modifiers for t in doc[start:token.i]):
        return None
    if title_of(list(doc[first.left_edge.i + 1:first.i + 1]), gaz) is None:
        return None
    role = title_of(list(doc[start:token.i + 1]), gaz)
    return mention_from_tokens(doc, start, token.i + 1, "nominal", "Person", role) if role else None


def _describes_one_person(head: Token, determiner: Token, knowledge: Knowledge) -> bool:
    """Is it "the" and one noun only a person is, or an age: "the two-time champion", "the 30-year-old",
    "the Olympic champion"?  News calls the person just named so ("..., said the 30-year-old").  Not a
    relation ("the wife", "the son" is someone else), nor a plural, nor a possessive's ("his coach")."""
    if determiner.lower_ != "the" or not head.text.islower():
        return False
    doc = head.doc
    if head.pos_ == "ADJ":  # "the 30-year-old" is parsed "30 - year - old"
        return (head.lower_ == "old" and head.dep_ not in {"amod", "acomp"} and head.i >= 2
                and doc[head.i - 1].text == "-" and doc[head.i - 2].lower_ == "year")
    if head.tag_ != "NN" or head.lower_ in knowledge.words.relation_nouns:
        return False
    return head.lemma_ in knowledge.gazetteer.person_nouns


def _of_unnamed(head: Token) -> bool:
    """Is the noun said to be of something unnamed: "the state of magic", "the group of chemicals"?"""
    return any(prep.dep_ == "prep" and prep.lower_ == "of" and not any(o.pos_ == "PROPN" for o in prep.children)
               for prep in head.rights)


# --- weapon classes -------------------------------------------------------------------

def _weapon_classes(doc: Doc, named_tokens: set[int], gaz: Gazetteer) -> list[Mention]:
    """A weapon noun with a classifying modifier names a class of weapon: "anti-tank missiles"."""
    out = []
    for token in tokens_of(doc, NOUN):
        if token.lemma_.lower() not in gaz.weapon_heads or token.i in named_tokens:
            continue
        if token.i > 0 and token.i - 1 in named_tokens:  # "Storm Shadow missiles": the name says it
            continue
        modifiers = [c for c in token.lefts if c.dep_ in {"amod", "compound"}]
        if not modifiers:
            continue
        start = min(c.left_edge.i for c in modifiers)
        if doc[start:token.i].text.lower() in gaz.weapon_modifiers:
            out.append(mention_from_tokens(doc, start, token.i + 1, "name", "Weapon"))
    return out


# --- pronouns -------------------------------------------------------------------------

def _pronouns(doc: Doc, knowledge: Knowledge) -> list[Mention]:
    """Personal and possessive pronouns (some models call a possessive "his" a determiner)."""
    pronouns = knowledge.words.pronouns
    return [
        mention_from_tokens(doc, t.i, t.i + 1, "pronoun", "Person" if pronouns[t.lower_]["gender"] in {"male", "female"} else None)
        for t in tokens_of(doc, PRON, DET)
        if t.lower_ in pronouns and (t.pos_ == "PRON" or t.tag_ == "PRP$")
    ]
