"""Given names with the gender they usually signal, from gender-guesser (about 40,000 names).

gender-guesser ships Jörg Michael's name dictionary: each name with its gender (male, female,
mostly male, mostly female, or either) and how common it is in each of 55 countries, on a scale
of 1 (rare) to 13. kg uses two views of it:

* :func:`gendered_names` -- the names frequent enough (:data:`MIN_FREQUENCY` in at least one
  country) whose gender is clear (male or mostly male, female or mostly female): they choose he
  or she and say that "Wendy Smith" is a person. Names of either gender, and rare spellings, are
  left out: "Sun" (either), "Royal" (rare) say nothing about a person; so are names of one or two
  letters and English function words (spaCy's stop words): the dictionary's romanised names
  include "The", "May", "Do";
* :func:`all_given_names` -- every name listed, whatever its frequency or gender: a place whose name
  is one of them ("Victoria", "Chad") is a place only with support from the text
  (see ``kg/knowledge/places.py``).

``ontology/gazetteer/names.yaml`` adds the names this dictionary lacks or under-counts (recent
public figures: "Keir", "Rishi") and wins where it gives another gender.
"""

from __future__ import annotations

__all__ = ["MIN_FREQUENCY", "all_given_names", "gendered_names", "load_detector"]

# on gender-guesser's 1-13 scale, in at least one country: 3 keeps "Wendy" and "Volodymyr", drops "Royal", "General"
MIN_FREQUENCY = 3

_GENDER = {"male": "male", "mostly_male": "male", "female": "female", "mostly_female": "female"}


def load_detector():
    """gender-guesser's name dictionary (about 0.2 s to read)."""
    import gender_guesser.detector

    return gender_guesser.detector.Detector()


def _frequency(country_values: str) -> int:
    return max((int(c, 16) for c in country_values if c not in " \n"), default=0)


def all_given_names(detector=None) -> set[str]:
    """Every given name gender-guesser lists."""
    detector = detector or load_detector()
    return {name for name in detector.names if name[:1].isupper()}


def gendered_names(detector=None) -> dict[str, str]:
    """Frequent given names whose gender is clear -> "male" / "female"."""
    from spacy.lang.en.stop_words import STOP_WORDS

    detector = detector or load_detector()
    out = {}
    for name, genders in detector.names.items():
        if (not name[:1].isupper() or len(name) <= 2 or name.lower() in STOP_WORDS
                or max(map(_frequency, genders.values())) < MIN_FREQUENCY):
            continue
        gender = _GENDER.get(detector.get_gender(name))
        if gender is not None:
            out[name] = gender
    return out
