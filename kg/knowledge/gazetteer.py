"""The gazetteer: general world knowledge the parse alone does not give.

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

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path


from kg.knowledge.layers import read_layered
from kg.knowledge.names import LEADING_THE, normalize_name
from kg.resources import data_dir

__all__ = ["GAZETTEER_DIR", "SPACY_LABEL", "Entry", "Gazetteer", "Party", "Title", "load_gazetteer"]

GAZETTEER_DIR = data_dir("ontology", "kg.ttl") / "gazetteer"

# the spaCy label a gazetteer type is written with
SPACY_LABEL = {"Country": "GPE", "City": "GPE", "Place": "LOC", "Organization": "ORG", "Weapon": "WEAPON"}




@dataclass(frozen=True)
class Entry:
    """One gazetteer thing: its canonical name and ontology class."""

    name: str
    type: str  # Country, City, Place, Organization, Weapon
    country: str | None = None  # for a city: the country it is in


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
    def title_heads(self) -> frozenset[str]:
        """Last words of every title form: only these tokens can head a title."""
        return frozenset(re.split(r"[\s-]+", form)[-1] for form in self.titles)

    def describes_person(self, noun: str) -> bool:
        """Does a common noun before a name say the name is a person's ("actor", "Prime Minister")?"""
        return noun.lower() in self.person_nouns or self.title(noun) is not None

    def ruler_patterns(self) -> list[dict]:
        """EntityRuler patterns: every unambiguous gazetteer name with its spaCy label."""
        patterns = [
            {"label": SPACY_LABEL[entry.type], "pattern": form}
            for form, entry in self.names.items()
            if form not in self.ambiguous and not self.is_given_name(form)
        ]
        # Downing Street is a street, not a country: FAC keeps the NER from reading it as GPE
        return [
            {**p, "label": "FAC"} if self.names[p["pattern"]].name == "Downing Street" else p for p in patterns
        ]


def _add(gaz: Gazetteer, form: str, entry: Entry, ambiguous: bool = False) -> None:
    form = str(form)
    gaz.names.setdefault(form, entry)
    if len(form) > 4 and not form.isupper():
        gaz.folded.setdefault(form.lower(), entry)
    if ambiguous:
        gaz.ambiguous.add(form)


def _plural(demonym: str) -> str | None:
    """The people-noun plural of an adjectival demonym ("Ukrainian" -> "Ukrainians"), if regular."""
    if demonym.endswith(("sh", "ch", "ese", "ss", "x", "z", "i'")):
        return None
    return demonym + "s"


def _load_places(gaz: Gazetteer, folders: tuple[Path, ...]) -> None:
    for row in _read(folders, "countries.yaml"):
        country = Entry(row["name"], "Country")
        ambiguous = bool(row.get("ambiguous"))
        for form in [row["name"], *row.get("aliases", [])]:
            _add(gaz, form, country, ambiguous)
        for demonym in row.get("demonyms", []):
            gaz.demonyms[demonym] = row["name"]
            plural = _plural(demonym)
            if plural:
                gaz.demonyms.setdefault(plural, row["name"])
        for person in row.get("people", []):
            gaz.demonyms[person] = row["name"]
        if row.get("capital") and row["capital"] != row["name"]:
            _add(gaz, row["capital"], Entry(row["capital"], "City", row["name"]))
            gaz.capitals[row["capital"]] = row["name"]
    for row in _read(folders, "cities.yaml"):
        city = Entry(row["name"], "City", row.get("country"))
        for form in [row["name"], *row.get("aliases", [])]:
            _add(gaz, form, city)
    for row in _read(folders, "regions.yaml"):
        region = Entry(row["name"], row.get("type", "Place"), row.get("country"))
        for form in [row["name"], *row.get("aliases", [])]:
            _add(gaz, form, region)


def _load_organizations(gaz: Gazetteer, folders: tuple[Path, ...]) -> None:
    for row in _read(folders, "organizations.yaml"):
        org = Entry(row["name"], "Organization")
        for form in [row["name"], *row.get("aliases", [])]:
            _add(gaz, form, org)


def _load_parties(gaz: Gazetteer, folders: tuple[Path, ...]) -> None:
    """``parties.yaml``: every form of a party (name, aliases, adjectives, member nouns) to one
    :class:`Party`; a form two entries list belongs to the first."""
    for row in _read(folders, "parties.yaml") or []:
        party = Party(row["name"], row.get("country"))
        for form in [row["name"], *row.get("aliases", [])]:
            gaz.parties.setdefault(normalize_name(str(form)), party)
        for form in row.get("adjectives", []):
            gaz.party_adjectives.setdefault(str(form), party)
        for form in row.get("members", []):
            gaz.party_members.setdefault(str(form), party)


def _load_weapons(gaz: Gazetteer, folders: tuple[Path, ...]) -> None:
    data = _read(folders, "weapons.yaml")
    gaz.weapon_heads = set(data["heads"])
    gaz.weak_weapon_heads = set(data["weak_heads"])
    gaz.weapon_modifiers = set(data["modifiers"])
    for row in data["systems"]:
        weapon = Entry(row["name"], "Weapon")
        for form in [row["name"], *row.get("aliases", [])]:
            _add(gaz, form, weapon, bool(row.get("ambiguous")))


def _load_people_words(gaz: Gazetteer, folders: tuple[Path, ...]) -> None:
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
    names = _read(folders, "names.yaml")
    for gender in ("male", "female"):
        for name in names[gender]:
            gaz.given_names.setdefault(name, gender)


def _read(folders: tuple[Path, ...], name: str):
    """One YAML lexicon: the shipped file with the user's files of the same name laid over it."""
    return read_layered([folder / name for folder in folders])


@lru_cache(maxsize=4)
def load_gazetteer(directory: Path = GAZETTEER_DIR, extra: tuple[Path, ...] = ()) -> Gazetteer:
    """Read every lexicon of ``directory`` (default: the project's ``ontology/gazetteer``) with the
    same-named files of the ``extra`` folders laid over them, once per process
    (``kg.knowledge.load_knowledge`` is the one caller in the pipeline)."""
    folders = (Path(directory), *extra)
    gaz = Gazetteer()
    _load_places(gaz, folders)
    _load_organizations(gaz, folders)
    _load_parties(gaz, folders)
    _load_weapons(gaz, folders)
    _load_people_words(gaz, folders)
    return gaz
