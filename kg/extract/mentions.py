"""Find every stretch of a parsed article that may refer to an entity.

Three kinds of mention (see :class:`kg.types.Mention`):

* ``name`` -- the NER's entities of useful labels, typed through the gazetteer
  ("Kyiv" -> City, "British" -> a mention of the United Kingdom), with a
  preceding honorific kept in the span ("Sir Keir"); also weapon classes
  named by a classifying modifier ("anti-tank missiles");
* ``nominal`` -- noun phrases that describe or stand for a named thing: role
  nouns ("the Ukrainian president", "the PM"), generic nouns ("the country",
  "the company"), the title phrase before a name ("US president Bill
  Clinton"), appositions ("Jeff Rathke, the State Department spokesperson")
  and predicate nominals ("He is a professor at MIT");
* ``pronoun`` -- personal and possessive pronouns.

Which of them really refer to something, and to what, is decided later by
:func:`kg.extract.resolve.resolve_entities`; this module only reads the parse.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ..gazetteer import Gazetteer, load_gazetteer, normalize_name
from ..types import Mention

__all__ = ["PRONOUNS", "descriptor_anchor", "find_mentions", "mention_from_tokens", "qualifying_country", "title_of"]

# NER label -> ontology class when the gazetteer knows nothing better
_NER_TYPES = {"PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place", "FAC": "Place",
              "EVENT": "Event", "WEAPON": "Weapon"}
# labels whose entities are names only when the gazetteer knows them ("The Economist")
_GAZETTEER_ONLY = {"PRODUCT", "LAW", "WORK_OF_ART", "NORP"}

# pronoun -> (person, number, gender); gender None = any
PRONOUNS: dict[str, tuple[int, str, str | None]] = {
    **dict.fromkeys(["he", "him", "his", "himself"], (3, "sg", "male")),
    **dict.fromkeys(["she", "her", "hers", "herself"], (3, "sg", "female")),
    **dict.fromkeys(["it", "its", "itself"], (3, "sg", "neuter")),
    **dict.fromkeys(["they", "them", "their", "theirs", "themselves"], (3, "pl", None)),
    **dict.fromkeys(["i", "me", "my", "mine", "myself"], (1, "sg", None)),
    **dict.fromkeys(["we", "us", "our", "ours", "ourselves"], (1, "pl", None)),
    **dict.fromkeys(["you", "your", "yours", "yourself"], (2, "sg", None)),
}
_DEFINITE = {"the", "this", "that", "these", "those"}
_PRE_NAME_DEPS = {"compound", "amod", "nmod", "det", "nummod", "poss", "appos"}


def mention_from_tokens(doc: Doc, start: int, end: int, kind: str, type_: str | None = None,
                        role: str | None = None) -> Mention:
    """A Mention over tokens ``[start, end)`` with exact character offsets."""
    span = doc[start:end]
    return Mention(span.start_char, span.end_char, span.text, kind, start, end, span.root.i, type_, role)


def find_mentions(doc: Doc) -> list[Mention]:
    """Every name, role/descriptive noun phrase and pronoun of ``doc``, in text order."""
    gaz = load_gazetteer()
    names = _named(doc, gaz)
    named_tokens = {i for m in names for i in range(m.token_start, m.token_end)}
    found = {(m.token_start, m.token_end): m for m in names}
    for m in [*_descriptors(doc, names, gaz), *_role_and_generic(doc, named_tokens, gaz),
              *_weapon_classes(doc, named_tokens, gaz), *_pronouns(doc)]:
        found.setdefault((m.token_start, m.token_end), m)
    return sorted(found.values(), key=lambda m: (m.start, -m.end))


# --- names -------------------------------------------------------------------

def _named(doc: Doc, gaz: Gazetteer) -> list[Mention]:
    mentions = []
    for ent in doc.ents:
        ent = _trimmed(ent)
        if ent is None:
            continue
        type_ = _name_type(ent, gaz)
        if type_ is None:
            continue
        start = ent.start
        # an honorific before a person's name is part of how the text names them: "Sir Keir", "Mr Zelensky"
        while type_ == "Person" and start > 0 and _honorific(doc[start - 1], gaz):
            start -= 1
        # so is the article of "the UK", "the Sea Org" (but not of "the UK's support")
        if start > 0 and doc[start - 1].lower_ == "the" and doc[start - 1].head.i in range(ent.start, ent.end):
            start -= 1
        mentions.append(mention_from_tokens(doc, start, ent.end, "name", type_))
    return mentions + _nested(doc, mentions, gaz)


def _nested(doc: Doc, names: list[Mention], gaz: Gazetteer) -> list[Mention]:
    """Names inside longer names: "Massachusetts" in "Massachusetts Institute of Technology".

    A stretch of a longer name is a mention of its own when the gazetteer knows
    it as a place, or when the article names it on its own elsewhere.
    """
    alone = {normalize_name(m.text): m.type for m in names}
    out = []
    for m in names:
        if m.type == "Person":  # "Warhol" in "Andy Warhol" is the same person, not a mention of its own
            continue
        core = m.token_start + (doc[m.token_start].lower_ == "the")
        for i in range(core, m.token_end):
            for j in range(m.token_end, i, -1):
                if (i, j) == (core, m.token_end) or not doc[i].text[:1].isupper():
                    continue
                text = doc[i:j].text
                entry = gaz.lookup(text)
                type_ = entry.type if entry is not None and entry.type in {"Country", "City", "Place"} else alone.get(text)
                if type_ is not None:
                    out.append(mention_from_tokens(doc, i, j, "name", type_))
                    break
    return out


def _honorific(token: Token, gaz: Gazetteer) -> bool:
    return token.text in gaz.honorifics and token.text[:1].isupper()


def _trimmed(ent: Span) -> Span | None:
    """The entity without a possessive or punctuation at its end ("Keir's" -> "Keir")."""
    end = ent.end
    while end > ent.start and (ent.doc[end - 1].tag_ == "POS" or ent.doc[end - 1].is_punct):
        end -= 1
    return Span(ent.doc, ent.start, end, label=ent.label_) if end > ent.start else None


def _name_type(ent: Span, gaz: Gazetteer) -> str | None:
    """The ontology class of a named entity, or None when it names no entity we keep."""
    entry = gaz.lookup(ent.text)
    if ent.label_ == "NORP":
        # "British" stands for the United Kingdom; a party name ("Democrats") for the party
        if gaz.country_of_demonym(ent.text):
            return "Country"
        return entry.type if entry and entry.type == "Organization" else None
    if entry is not None and not (ent.label_ == "PERSON" and gaz.is_given_name(normalize_name(ent.text))):
        return entry.type
    if ent.label_ in _GAZETTEER_ONLY:
        return None
    return _NER_TYPES.get(ent.label_)


# --- titles and countries qualifying a noun -------------------------------------

def title_of(tokens: list[Token], gaz: Gazetteer) -> str | None:
    """The role title the end of a run of words spells ("British Defence Secretary" -> Defence Secretary)."""
    words = [t.text for t in tokens]
    for i in range(len(words)):
        title = gaz.title(" ".join(words[i:]))
        if title is not None:
            return title.title
    return None


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

def descriptor_anchor(head: Token, gaz: Gazetteer) -> Token | None:
    """The token a descriptive noun phrase headed by ``head`` is about, if the grammar says so.

    * apposition: "Jeff Rathke, the spokesperson" (either side may be the appos);
    * predicate nominal: "He is a professor at MIT" -> the subject;
    * a generic noun with a named of-object: "the city of Livorno".
    """
    if head.dep_ == "appos":
        return head.head
    appos = [c for c in head.children if c.dep_ == "appos"]
    if appos and appos[0].pos_ == "PROPN":
        return appos[0]
    if head.dep_ == "attr" and head.head.lemma_ == "be":
        subjects = [c for c in head.head.children if c.dep_ in {"nsubj", "nsubjpass"}]
        return subjects[0] if subjects else None
    if head.lemma_.lower() not in gaz.generic_nouns:
        return None
    for prep in head.rights:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            objects = [c for c in prep.children if c.dep_ == "pobj" and c.pos_ == "PROPN"]
            return objects[0] if objects else None
    return None


def _descriptors(doc: Doc, names: list[Mention], gaz: Gazetteer) -> list[Mention]:
    """Noun phrases that describe a named thing: titles before a person's name, appositions, predicates."""
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
            role = title_of(list(doc[start:m.token_start]), gaz)
            out.append(mention_from_tokens(doc, start, m.token_end, "nominal", "Person", role))
    for token in doc:
        if token.pos_ not in {"NOUN", "PROPN", "NUM"} or token.i in by_token:
            continue
        anchor = descriptor_anchor(token, gaz)
        if anchor is None or (anchor.i not in by_token and anchor.lower_ not in PRONOUNS):
            continue
        start, end = token.left_edge.i, token.right_edge.i + 1
        if anchor.i in range(start, end):  # "the city of Livorno" keeps its object inside
            end = max(end, anchor.i + 1)
        while end > start and (doc[end - 1].is_punct or doc[end - 1].tag_ == "POS"):
            end -= 1
        anchored = by_token.get(anchor.i)
        type_ = anchored.type if anchored else None
        out.append(mention_from_tokens(doc, start, end, "nominal", type_, title_of(list(doc[start:token.i + 1]), gaz)))
    return out


# --- role nouns and generic nouns --------------------------------------------------

def _role_and_generic(doc: Doc, named_tokens: set[int], gaz: Gazetteer) -> list[Mention]:
    """Definite noun phrases headed by a title ("the Prime Minister") or a generic noun ("the country")."""
    out = []
    for token in doc:
        if token.pos_ not in {"NOUN", "PROPN"} or token.i in named_tokens or token.dep_ == "compound":
            continue
        determiners = [c for c in token.lefts if c.dep_ in {"det", "poss"}]
        if not determiners or not (determiners[0].lower_ in _DEFINITE or determiners[0].dep_ == "poss"):
            continue
        start = determiners[0].i
        role = title_of(list(doc[start + 1:token.i + 1]), gaz)
        if role is not None:
            out.append(mention_from_tokens(doc, start, token.i + 1, "nominal", "Person", role))
            continue
        type_ = gaz.generic_nouns.get(token.lemma_.lower())
        if type_ is not None and determiners[0].lower_ in _DEFINITE:
            out.append(mention_from_tokens(doc, start, token.i + 1, "nominal", type_))
    return out


# --- weapon classes -------------------------------------------------------------------

def _weapon_classes(doc: Doc, named_tokens: set[int], gaz: Gazetteer) -> list[Mention]:
    """A weapon noun with a classifying modifier names a class of weapon: "anti-tank missiles"."""
    out = []
    for token in doc:
        if token.pos_ != "NOUN" or token.lemma_.lower() not in gaz.weapon_heads or token.i in named_tokens:
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

def _pronouns(doc: Doc) -> list[Mention]:
    return [
        mention_from_tokens(doc, t.i, t.i + 1, "pronoun", "Person" if PRONOUNS[t.lower_][2] in {"male", "female"} else None)
        for t in doc
        if t.lower_ in PRONOUNS and (t.pos_ == "PRON" or t.tag_ == "PRP$")
    ]
