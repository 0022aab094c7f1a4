"""kg's gazetteer at work inside the spaCy pipeline.

* ``kg_gazetteer`` -- an EntityRuler before ``ner``, so the statistical NER
  respects what the lexicons know ("Kyiv" is a city, "Storm Shadow" a weapon);
* ``kg_gazetteer_guard`` -- drops ruler matches glued to a neighbouring proper
  noun ("America" in "Bank of America", "Washington" in "George Washington"),
  leaving those to the NER;
* ``kg_ner_fix`` -- after ``ner``: relabels an entity whose whole text is a
  gazetteer name with the gazetteer's label ("Kyiv" tagged PERSON becomes a
  GPE) and marks a named product before a weapon noun as a WEAPON
  ("Challenger II tanks"). A place name the ruler may not match (ambiguous, like
  "Reading" or "Chad", or a small city) that the NER took for a person or an
  organisation becomes a place only with support from the text: a locative
  preposition before it ("in Reading") or a "City, Region" pair ("Victoria,
  British Columbia"); the rule is stated in ``kg/knowledge/places.py``.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.knowledge.gazetteer import SPACY_LABEL, Gazetteer
from kg.knowledge.names import normalize_name

__all__ = ["FIX_NAME", "GUARD_NAME", "RULER_NAME", "add_gazetteer"]

RULER_NAME = "kg_gazetteer"
GUARD_NAME = "kg_gazetteer_guard"
FIX_NAME = "kg_ner_fix"

# NER labels a weapon noun can follow: names of products and things, never of countries or peoples
_WEAPON_NAME_LABELS = {"PRODUCT", "LAW", "WORK_OF_ART", "ORG", "PERSON", "FAC", "EVENT", "WEAPON"}


def add_gazetteer(nlp: Language, gaz: Gazetteer) -> None:
    """Add the gazetteer ruler (before ``ner``) and the NER corrections (after it) to ``nlp``.

    Calling it again on the same pipeline changes nothing.
    """
    if RULER_NAME in nlp.pipe_names:
        return
    placement = {"before": "ner"} if "ner" in nlp.pipe_names else {}
    ruler = nlp.add_pipe("entity_ruler", name=RULER_NAME, **placement)
    with nlp.select_pipes(enable=[RULER_NAME]):  # patterns need only the tokenizer, not the whole model
        ruler.add_patterns(gaz.ruler_patterns())
    nlp.add_pipe(GUARD_NAME, after=RULER_NAME)
    fix = nlp.add_pipe(FIX_NAME, **({"after": "ner"} if placement else {}))
    fix.gazetteer = gaz


def _name_like(token) -> bool:
    """A proper noun, or a capitalised word inside a sentence: what can continue a name."""
    return token.pos_ == "PROPN" or (token.is_title and not token.is_sent_start and token.is_alpha)


def _glued(span: Span) -> bool:
    """Is a ruler match part of a longer proper name ("Bank of America", "Washington Post")?"""
    doc = span.doc
    left = doc[span.start - 1] if span.start > 0 else None
    right = doc[span.end] if span.end < len(doc) else None
    if right is not None and _name_like(right):
        return True
    if left is None:
        return False
    if _name_like(left):
        return True
    # "Bank of America", "Church of England": the match ends a name joined by "of"
    return left.lower_ in {"of", "de", "&"} and span.start > 1 and _name_like(doc[span.start - 2])


@Language.component(GUARD_NAME)
def gazetteer_guard(doc: Doc) -> Doc:
    """Drop gazetteer matches that are only part of a longer name; the NER reads those."""
    # tokens of a dropped match go back to "missing", so the NER predicts them freely
    doc.set_ents([e for e in doc.ents if not _glued(e)], default="missing")
    return doc


class NerFix:
    """Relabel entities the lexicons know better than the NER (its ``gazetteer`` is set by ``add_gazetteer``)."""

    def __init__(self) -> None:
        self.gazetteer: Gazetteer | None = None

    def __call__(self, doc: Doc) -> Doc:
        if self.gazetteer is None:
            raise RuntimeError(f"{FIX_NAME} has no gazetteer: add it with kg.nlp.ruler.add_gazetteer(nlp, gazetteer)")
        doc.ents = [_corrected(ent, self.gazetteer) for ent in doc.ents]
        return doc


@Language.factory(FIX_NAME)
def make_ner_fix(nlp: Language, name: str) -> NerFix:
    return NerFix()


def _corrected(ent: Span, gaz: Gazetteer) -> Span:
    entry = gaz.lookup(ent.text)
    # a named thing right before a weapon noun is that weapon: "Challenger II tanks"
    nxt = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    if (
        nxt is not None
        and nxt.lemma_.lower() in gaz.weapon_heads
        and ent.label_ in _WEAPON_NAME_LABELS
        and (entry is None or entry.type == "Weapon")
        and (ent.label_ in {"PRODUCT", "LAW", "WORK_OF_ART", "WEAPON"} or nxt.lemma_.lower() not in gaz.weak_weapon_heads)
    ):
        return Span(ent.doc, ent.start, ent.end, label="WEAPON")
    key = normalize_name(ent.text)
    # an ambiguous name, a name only the lookup tier knows, or a person's given name: a place only with support
    if entry is None or key in gaz.ambiguous or (ent.label_ == "PERSON" and gaz.is_given_name(key)):
        place = gaz.place(ent.text)
        if place is not None and ent.label_ in {"PERSON", "ORG"} and _place_support(ent, gaz):
            return Span(ent.doc, ent.start, ent.end, label=SPACY_LABEL[place.type])
        return ent
    label = SPACY_LABEL[entry.type]
    if ent.label_ == label or (ent.label_ in {"GPE", "LOC", "FAC"} and entry.type in {"Place", "City", "Country"}):
        return ent
    if ent.label_ == "NORP":
        return ent
    return Span(ent.doc, ent.start, ent.end, label=label)


def _place_support(ent: Span, gaz: Gazetteer) -> bool:
    """Does the text say a name is a place: "in Reading", "near Bath", "Victoria, British Columbia"?"""
    doc = ent.doc
    after = doc[ent.end] if ent.end < len(doc) else None
    if ent.start > 0 and doc[ent.start - 1].lower_ in gaz.locatives and (after is None or after.tag_ != "POS"):
        return True  # "in Jordan's view" is about a person
    if after is None or after.text != ",":
        return False
    region = next((e for e in doc.ents if e.start == ent.end + 1), None)
    known = gaz.place(region.text) if region is not None else None
    return known is not None and known.type in {"Country", "Place"}
