"""Pronoun resolution: which entity "he", "its", "they" or a quoted "I" stands for.

Third-person pronouns look back a sentence or two for a chain that agrees in
gender and number (he/she -> a person of that gender or of unknown gender;
it/its -> an organisation, country or place; they/them/their -> an organisation
or country, or a group of persons named by a plural noun, "the Palestinians") and
prefer, in this order of weight, the nearest sentence, a subject antecedent, and
the more often mentioned entity.  Binding keeps an object pronoun off the whole
chain of its own clause's subject ("he urged him": him is not he, nor anyone he
is), and a third-person pronoun inside a quotation off the quote's speaker, who
would have said "I".
"it" and "they" are resolved only to a subject antecedent: they far more often
stand for a clause or an unnamed group than for an entity.

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
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from ..types import Mention
from .grammar import quote_spans
from .mentions import PRONOUNS

if TYPE_CHECKING:
    from .resolve import Chains

__all__ = ["SPEECH_VERBS", "bound", "chain_bound", "resolve_pronouns"]

SPEECH_VERBS = {
    "say", "tell", "ask", "add", "stress", "urge", "claim", "state", "explain", "insist", "warn", "note",
    "argue", "announce", "reply", "respond", "emphasise", "emphasize", "declare", "write", "comment",
    "remark", "suggest", "plead", "continue", "conclude", "admit", "acknowledge", "recall", "describe",
}
_SUBJECT = {"nsubj", "nsubjpass"}
_OBJECT = {"dobj", "pobj", "dative", "iobj"}
_CREDITS = {"image", "photo", "photograph", "picture", "credit", "video"}  # "Image: NAME" under a picture
# how far back (in sentences) each kind of pronoun looks
_WINDOW = {"male": 2, "female": 2, "neuter": 1, None: 1}
_AGREES = {"neuter": {"Organization", "Country", "City", "Place"}, None: {"Organization", "Country"}}


def resolve_pronouns(chains: Chains) -> None:
    """Join each pronoun that can be resolved to its antecedent's chain."""
    doc, mentions = chains.doc, chains.mentions
    quotes = [(q.start, q.end) for q in quote_spans(doc)]  # the words inside the marks

    def quote_at(m: Mention) -> tuple[int, int] | None:
        return next((q for q in quotes if q[0] <= m.start < q[1]), None)

    pronouns = [i for i, m in enumerate(mentions) if m.kind == "pronoun"]
    # third person first: a quote's speaker is often one ("..., he said")
    for i in pronouns:
        person, number, gender = PRONOUNS[mentions[i].text.lower()]
        if person == 3:
            # a speaker calls himself "I": a third person inside his quote is someone else
            quote = quote_at(mentions[i])
            speaker = _speaker(chains, quote) if quote else None
            target = _antecedent(chains, i, gender if number == "sg" else None, speaker)
            if target is not None:
                chains.union(target, i)
    interviewee = _interviewee(chains, quotes)
    organization = _interview_organization(chains) if interviewee is not None else None
    for i in pronouns:
        m = mentions[i]
        person, number, _ = PRONOUNS[m.text.lower()]
        quote = quote_at(m)
        target = None
        if person == 1 and number == "sg":
            target = _speaker(chains, quote) if quote else interviewee
            if target is None and quote:
                target = interviewee
        elif person == 1 and quote is None:
            target = organization  # an interviewee's "we" speaks for the organisation the interview is about
        elif person == 2 and quote is None and interviewee is not None and _interviewer_speaks(doc.text, m.start):
            target = interviewee
        if target is not None:
            chains.union(target, i)


# --- third person -------------------------------------------------------------------

def _antecedent(chains: Chains, i: int, gender: str | None, speaker: int | None = None) -> int | None:
    """The chain a third-person pronoun stands for; never ``speaker``, who says "I" in his own quote."""
    pron = chains.mentions[i]
    token = chains.doc[pron.head]
    here = chains.sentence(pron)
    possessive = token.tag_ == "PRP$"
    if token.lower_ == "it" and token.head.lemma_ == "be":
        return None  # "it is possible to...", "it's their call": "it" before a copula rarely names anything
    best, best_score = None, float("-inf")
    for root in chains.roots():
        if not chains.names(root) or root == speaker or chain_bound(chains, root, token):
            continue
        type_ = chains.type(root)
        if gender in {"male", "female"}:
            known = chains.gender(root)
            if type_ != "Person" or chains.group(root) or known not in {None, gender}:
                continue
        elif type_ not in _AGREES[gender] and not (gender is None and chains.group(root)):
            continue  # "they" also stands for a group of persons ("the Palestinians ... they")
        for m in chains.before(root, pron.token_start):
            distance = here - chains.sentence(m)
            if distance > _WINDOW[gender] or m.token_end > pron.token_start:
                continue
            cand = chains.doc[m.head]
            subject = cand.dep_ in _SUBJECT
            # "it" and "they" take only a subject antecedent; "its"/"their" any nearby one
            if gender in {"neuter", None} and not possessive and not subject:
                continue
            score = -distance + subject - 0.3 * (cand.dep_ == "pobj") + 0.2 * min(len(chains.before(root, pron.token_start)), 5)
            if gender in {"male", "female"} and chains.gender(root) == gender:
                score += 0.3
            if score > best_score:
                best, best_score = root, score
    return best


def bound(pronoun: Token, candidate: Token) -> bool:
    """Binding: a plain object (pronoun or noun) never takes the subject of its own clause ("he urged him")."""
    return (pronoun.dep_ in _OBJECT and pronoun.lower_ not in {"himself", "herself", "itself", "themselves"}
            and candidate.dep_ in _SUBJECT and _clause(candidate) == _clause(pronoun))


def chain_bound(chains: Chains, root: int, token: Token) -> bool:
    """Binding over a whole chain: when a chain holds the subject of ``token``'s clause, no
    mention of it can be that plain object ("Starmer ... he urged him": "he" is Zelensky's,
    so "him" is not Zelensky, however often Zelensky was named before)."""
    here = chains.sent_of[token.i]
    return any(bound(token, chains.doc[m.head]) for m in chains.before(root, token.i) if chains.sentence(m) == here)


def _clause(token: Token) -> int:
    while token.dep_ not in {"ROOT", "ccomp", "advcl", "xcomp", "relcl", "conj"} and token.head is not token:
        token = token.head
    return token.i


# --- first and second person ------------------------------------------------------------

def _speaker(chains: Chains, quote: tuple[int, int]) -> int | None:
    """The chain of the subject of a speech verb outside the quote, in its sentences."""
    doc = chains.doc
    covering = {t: j for j, m in enumerate(chains.mentions) if chains.resolved[j]
                for t in range(m.token_start, m.token_end)}
    sents = [s for s in doc.sents if s.start_char < quote[1] and s.end_char > quote[0]]
    for sent in sents:
        for token in sent:
            if token.lemma_.lower() not in SPEECH_VERBS or quote[0] <= token.idx < quote[1]:
                continue
            verb = token
            subjects = [c for c in verb.children if c.dep_ in _SUBJECT]
            while not subjects and verb.dep_ == "conj":  # "said ... and told the PM": shared subject
                verb = verb.head
                subjects = [c for c in verb.children if c.dep_ in _SUBJECT]
            for subject in subjects:
                if subject.i in covering and not (quote[0] <= subject.idx < quote[1]):
                    return chains.find(covering[subject.i])
    return None


def _interviewee(chains: Chains, quotes: list[tuple[int, int]]) -> int | None:
    """In an interview, the person it introduces first (in its title or lead); None in ordinary reporting."""
    first_person = [m for m in chains.mentions if m.kind == "pronoun" and m.text.lower() in {"i", "me", "my"}
                    and not any(q[0] <= m.start < q[1] for q in quotes)]
    if len(first_person) < 3:
        return None
    people = [r for r in chains.roots() if chains.type(r) == "Person" and chains.names(r) and not chains.group(r)
              and not all(_credit(chains.doc, m) for m in chains.names(r))]
    lead = [r for r in people if chains.sentence(chains.names(r)[0]) < 2]
    if lead:
        return min(lead, key=lambda r: chains.names(r)[0].start)
    return max(people, key=lambda r: (len(chains.before(r, len(chains.doc))), -r)) if people else None


def _credit(doc: Doc, m: Mention) -> bool:
    """Is the name a picture credit ("Image: David Shankbone")?  The photographer is not the interviewee."""
    return m.token_start > 1 and doc[m.token_start - 1].text == ":" and doc[m.token_start - 2].lower_ in _CREDITS


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
