"""Pronoun resolution: which entity "he", "its", "they" or a quoted "I" stands for.

Third-person pronouns look back a sentence or two for a chain that agrees in
gender and number (he/she -> a person of that gender or of unknown gender;
it/its -> an organisation, country or place; they/them/their -> an organisation
or country, or a group of persons named by a plural noun, "the Palestinians") and
prefer, in this order of weight, the nearest sentence, a subject antecedent, and
the more often mentioned entity.  Binding keeps an object pronoun off the whole
chain of its own clause's subject ("he urged him": him is not he, nor anyone he
is), makes a reflexive that subject ("Kallis could consider himself"), keeps a
subject pronoun off anyone named later in its own clause ("He traveled to Florida
to meet with Devocht": he is not Devocht), and a third-person pronoun inside a
quotation off the quote's speaker, who would have said "I".
"it" and "they" are resolved only to a subject antecedent: they far more often
stand for a clause or an unnamed group than for an entity; and "it" never reaches
past a nearer subject that could be it ("wikiHow is a site ... It published": not
the Wikinews named before).

First-person singular pronouns inside a quotation are its speaker (the
subject of a speech verb next to the quote).  In an interview (first person
used outside quotations), "I" outside quotes and "you" in the interviewer's
paragraphs (questions, and prompts that never say "I") are the interviewee: the
person its title or lead names first, never a picture credit; "we" outside quotes
is the organisation the title is about, if any.  Any other "we" stays unresolved.

Whatever is uncertain is left unresolved: no mention is recorded for it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from kg.types import Mention
from kg.extract.grammar import SUBJECTS, clause_of, doc_text, quote_spans
from kg.extract.mentions import place_classes

if TYPE_CHECKING:
    from kg.extract.chains import Chains

__all__ = ["chain_bound", "resolve_pronouns"]

_OBJECT = {"dobj", "pobj", "dative", "iobj"}
# how far a speech verb or a later name is looked for from a quote or a subject pronoun, in tokens
MAX_CLAUSE = 60
# how far back (in sentences) each kind of pronoun looks
_WINDOW = {"male": 2, "female": 2, "neuter": 1, None: 1}


def resolve_pronouns(chains: Chains) -> None:
    """Join each pronoun that can be resolved to its antecedent's chain."""
    doc, mentions = chains.doc, chains.mentions
    quotes = sorted((q.start, q.end) for q in quote_spans(doc))  # the words inside the marks
    quote_starts = [q[0] for q in quotes]

    def quote_at(m: Mention) -> tuple[int, int] | None:
        k = bisect_right(quote_starts, m.start) - 1
        return quotes[k] if k >= 0 and m.start < quotes[k][1] else None

    pronouns = [i for i, m in enumerate(mentions) if m.kind == "pronoun"]
    # third person first: a quote's speaker is often one ("..., he said")
    speakers: dict[tuple[int, int], int | None] = {}
    for i in pronouns:
        person, number, gender = _features(chains, mentions[i])
        if person == 3:
            # a speaker calls himself "I": a third person inside his quote is someone else
            quote = quote_at(mentions[i])
            if quote and quote not in speakers:
                speakers[quote] = _speaker(chains, quote)
            speaker = speakers[quote] if quote else None
            target = _antecedent(chains, i, gender if number == "sg" else None,
                                 chains.find(speaker) if speaker is not None else None)
            if target is not None:
                chains.union(target, i)
    speakers.clear()  # the pronouns just resolved may be the speakers ("..., he said")
    interviewee = _interviewee(chains, quotes)
    organization = _interview_organization(chains) if interviewee is not None else None
    for i in pronouns:
        m = mentions[i]
        person, number, _ = _features(chains, m)
        quote = quote_at(m)
        target = None
        if quote and quote not in speakers:
            speakers[quote] = _speaker(chains, quote)
        if person == 1 and number == "sg":
            target = speakers[quote] if quote else interviewee
            if target is None and quote:
                target = interviewee
        elif person == 1 and quote is None:
            target = organization  # an interviewee's "we" speaks for the organisation the interview is about
        elif person == 2 and quote is None and interviewee is not None and _interviewer_speaks(doc_text(doc), m.start):
            target = interviewee
        if target is not None:
            chains.union(target, i)


def _features(chains: Chains, m: Mention) -> tuple[int, str, str | None]:
    """A pronoun's person, number and gender (None: any), from ``words/pronouns.yaml``."""
    features = chains.words.pronouns[m.text.lower()]
    return features["person"], features["number"], features["gender"]


def _reflexive(chains: Chains, token: Token) -> bool:
    features = chains.words.pronouns.get(token.lower_)
    return bool(features and features.get("reflexive"))


# --- third person -------------------------------------------------------------------

def _antecedent(chains: Chains, i: int, gender: str | None, speaker: int | None = None) -> int | None:
    """The chain a third-person pronoun stands for; never ``speaker``, who says "I" in his own quote."""
    pron = chains.mentions[i]
    token = chains.doc[pron.head]
    here = chains.sentence(pron)
    possessive = token.tag_ == "PRP$"
    if token.lower_ == "it" and token.head.lemma_ == "be":
        return None  # "it is possible to...", "it's their call": "it" before a copula rarely names anything
    if _reflexive(chains, token) and token.dep_ not in SUBJECTS:
        own = _clause_subject(chains, token)
        if own is not None and _agrees(chains, own, gender):
            return own
    named_later = _named_later_in_clause(chains, token) if token.dep_ in SUBJECTS else set()
    best, best_key = None, (float("-inf"), 0)
    mentioned: dict[int, int | None] = {}  # root -> how often it was named so far, None if it cannot be the pronoun
    for j in chains.window(pron.token_start, _WINDOW[gender]):
        root = chains.find(j)
        if root not in mentioned:
            admissible = (chains.named(root) and root != speaker and root not in named_later
                          and _agrees(chains, root, gender) and not chain_bound(chains, root, token))
            mentioned[root] = chains.count_before(root, pron.token_start, cap=5) if admissible else None
        if mentioned[root] is None:
            continue
        cand = chains.doc[chains.mentions[j].head]
        subject = cand.dep_ in SUBJECTS
        # "it" and "they" take only a subject antecedent; "its"/"their" any nearby one
        if gender in {"neuter", None} and not possessive and not subject:
            continue
        if gender == "neuter" and not possessive and _nearer_subject(chains, root, cand, token):
            continue
        score = (-(here - chains.sentence(chains.mentions[j])) + subject - 0.3 * (cand.dep_ == "pobj")
                 + 0.2 * mentioned[root])
        if gender in {"male", "female"} and chains.gender(root) == gender:
            score += 0.3
        if (score, -root) > best_key:  # of equal scores, the chain named first
            best, best_key = root, (score, -root)
    return best


def _agrees(chains: Chains, root: int, gender: str | None) -> bool:
    """Does the chain agree with a pronoun of ``gender`` (None: plural)?  "it" stands for an
    organisation or a place, "they" for an organisation, a country or a group of persons."""
    type_ = chains.type(root)
    if gender in {"male", "female"}:
        return type_ == "Person" and not chains.group(root) and chains.gender(root) in {None, gender}
    if type_ is None:
        return False
    ontology = chains.knowledge.ontology
    if ontology.is_a(type_, "Organization"):
        return True
    if gender == "neuter":
        return type_ in place_classes(ontology)
    # "they" also stands for a group of persons ("the Palestinians ... they")
    return ontology.is_a(type_, "Country") or chains.group(root)


def _clause_subject(chains: Chains, token: Token) -> int | None:
    """The chain of the subject of ``token``'s clause, named before it ("Kallis could consider himself")."""
    for s in chains.clause_subjects.get(clause_of(token), []):
        for j in chains.by_head.get(s, []):
            if s < token.i and chains.resolved[j] and chains.named(j):
                return chains.find(j)
    return None


def _named_later_in_clause(chains: Chains, subject: Token) -> set[int]:
    """Chains named after a subject pronoun within its clause, which it c-commands: "He traveled
    to Florida to meet with Devocht" -- he cannot be Devocht (his own appositions aside).  A
    clause of its own after "as", "when", "because" is left out: news prose writes "He ran out
    of luck as soldiers cornered Raduyev"."""
    verb = subject.head
    end = min(verb.right_edge.i + 1, subject.i + 1 + MAX_CLAUSE)
    out = set()
    for j in range(bisect_left(chains.starts, subject.right_edge.i + 1), len(chains.mentions)):
        m = chains.mentions[j]
        if m.token_start >= end:
            break
        head = chains.doc[m.head]
        if m.kind == "name" and head.dep_ not in {"appos", "attr"} and not _in_finite_adverbial(head, verb):
            out.add(chains.find(j))
    return out


def _in_finite_adverbial(token: Token, verb: Token) -> bool:
    """Is ``token`` inside an adverbial clause of ``verb`` opened by a subordinator ("as", "when")?"""
    while token.i != verb.i and token.head.i != token.i:
        if token.dep_ == "advcl" and any(c.dep_ == "mark" for c in token.children):
            return True
        token = token.head
    return False


def _nearer_subject(chains: Chains, root: int, cand: Token, pronoun: Token) -> bool:
    """Is there a subject between the candidate and "it" that could be "it" itself: a singular
    noun, not a person, not of the candidate's chain ("wikiHow is a site ... It published")?"""
    subjects = chains.subject_tokens
    for k in range(bisect_right(subjects, cand.i), bisect_left(subjects, pronoun.i)):
        s = chains.doc[subjects[k]]
        if s.pos_ not in {"NOUN", "PROPN"} or s.tag_ not in {"NN", "NNP"}:
            continue
        chains_here = {chains.find(j) for j in chains.by_head.get(s.i, []) if chains.resolved[j]}
        if root in chains_here or any(chains.type(r) == "Person" for r in chains_here):
            continue
        return True
    return False


def chain_bound(chains: Chains, root: int, token: Token) -> bool:
    """Binding over a whole chain: when a chain holds the subject of ``token``'s clause, no
    mention of it can be that plain object ("Starmer ... he urged him": "he" is Zelensky's,
    so "him" is not Zelensky, however often Zelensky was named before)."""
    if token.dep_ not in _OBJECT or _reflexive(chains, token):
        return False
    root = chains.find(root)
    return any(chains.resolved[j] and chains.find(j) == root and chains.mentions[j].token_end <= token.i
               for s in chains.clause_subjects.get(clause_of(token), []) for j in chains.by_head.get(s, []))


# --- first and second person ------------------------------------------------------------

def _speaker(chains: Chains, quote: tuple[int, int]) -> int | None:
    """The chain of the subject of a speech verb outside the quote, in its sentences."""
    doc, speech_verbs = chains.doc, chains.words.first_person_speech_verbs
    inside = doc.char_span(quote[0], quote[1], alignment_mode="expand")
    if inside is None:
        return None
    # the speech verb is in the quote's sentences, and near it however long they are
    first_sent, last_sent = chains.sent_of[inside.start], chains.sent_of[inside.end - 1]
    sent_end = chains.sent_starts[last_sent + 1] if last_sent + 1 < len(chains.sent_starts) else len(doc)
    first = max(chains.sent_starts[first_sent], inside.start - MAX_CLAUSE)
    for token in doc[first:min(sent_end, inside.end + MAX_CLAUSE)]:
        if token.lemma_.lower() not in speech_verbs or quote[0] <= token.idx < quote[1]:
            continue
        verb = token
        subjects = [c for c in verb.children if c.dep_ in SUBJECTS]
        while not subjects and verb.dep_ == "conj":  # "said ... and told the PM": shared subject
            verb = verb.head
            subjects = [c for c in verb.children if c.dep_ in SUBJECTS]
        for subject in subjects:
            said = [j for j in chains.by_head.get(subject.i, []) if chains.resolved[j]]
            if said and not (quote[0] <= subject.idx < quote[1]):
                return chains.find(said[-1])
    return None


def _interviewee(chains: Chains, quotes: list[tuple[int, int]]) -> int | None:
    """In an interview, the person it introduces first (in its title or lead); None in ordinary reporting."""
    first_person = [m for m in chains.mentions if m.kind == "pronoun" and m.text.lower() in {"i", "me", "my"}
                    and not any(q[0] <= m.start < q[1] for q in quotes)]
    if len(first_person) < 3:
        return None
    people = [r for r in chains.roots() if chains.type(r) == "Person" and chains.names(r) and not chains.group(r)
              and not all(_credit(chains.doc, m, chains.words.caption_credit_words) for m in chains.names(r))]
    lead = [r for r in people if chains.sentence(chains.names(r)[0]) < 2]
    if lead:
        return min(lead, key=lambda r: chains.names(r)[0].start)
    return max(people, key=lambda r: (chains.count_before(r, len(chains.doc)), -r)) if people else None


def _credit(doc: Doc, m: Mention, credit_words: frozenset[str]) -> bool:
    """Is the name a picture credit ("Image: David Shankbone")?  The photographer is not the interviewee."""
    return m.token_start > 1 and doc[m.token_start - 1].text == ":" and doc[m.token_start - 2].lower_ in credit_words


def _interview_organization(chains: Chains) -> int | None:
    """The organisation an interview's title is about ("The Onion: An interview with ..."), not the interviewer."""
    title = next(iter(chains.doc.sents))
    orgs = []
    for root in chains.roots():
        names = [m for m in chains.names(root) if m.token_start < title.end]
        if chains.type(root) != "Organization" or not names:
            continue
        head = chains.doc[names[0].head]
        # "Wikinews interviews ...", "... tells Wikinews", "... interviewed by Wikinews": the interviewer
        if head.dep_ in {"nsubj", "dative", "dobj"} or (head.dep_ == "pobj" and head.head.lower_ in {"by", "to", "with"}):
            continue
        orgs.append(root)
    return max(orgs, key=lambda r: len(chains.names(r))) if orgs else None


_FIRST_PERSON = re.compile(r"\bI\b|\b[Mm](?:e|y|ine|yself)\b")


def _interviewer_speaks(text: str, offset: int) -> bool:
    """Is ``offset`` in an interviewer's paragraph: one that ends with a question mark, or
    one that never says "I" ("You have received a good deal of attention recently.")?
    The interviewee answers in the first person; the interviewer asks and prompts."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    paragraph = text[start:end if end >= 0 else len(text)].rstrip()
    return paragraph.endswith("?") or not _FIRST_PERSON.search(paragraph)
