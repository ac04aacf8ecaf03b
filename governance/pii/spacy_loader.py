"""Load the spaCy model with only the components named-entity recognition needs."""

from __future__ import annotations

import functools
import importlib
import logging
from pathlib import Path

import spacy
from spacy.language import Language

from governance.catalog.languages import (
    DEFAULT_LANGUAGE,
    LANGUAGE_MODELS,
    model_for_language,
    model_location,
)
from governance.errors import PiiError
from governance.pii.ner_ops import use_ner_ops

__all__ = ["DEFAULT_SPACY_MODEL", "NON_NER_COMPONENTS", "load_ner_pipeline", "resolve_model_name"]

_log = logging.getLogger(__name__)

DEFAULT_SPACY_MODEL = LANGUAGE_MODELS[DEFAULT_LANGUAGE]
#: Components NER does not need; excluded at load time (never loaded into memory).
NON_NER_COMPONENTS: tuple[str, ...] = (
    "tagger",
    "parser",
    "senter",
    "attribute_ruler",
    "lemmatizer",
    "trainable_lemmatizer",
    "morphologizer",
    "textcat",
    "textcat_multilabel",
    "spancat",
)


def resolve_model_name(spacy_model: str | None, *, language: str = DEFAULT_LANGUAGE) -> str:
    """The argument, else the model configured for ``language``
    (:func:`~governance.catalog.languages.model_for_language`: ``$DISTILLGATE_SPACY_MODEL_<LANG>``,
    for English ``$DISTILLGATE_SPACY_MODEL``, else the language's default model)."""
    name = model_for_language(language, spacy_model)
    if name is None:
        raise PiiError(
            f"no spaCy NER model for language {language!r}",
            hint=f"install one and set DISTILLGATE_SPACY_MODEL_{language.upper()}",
        )
    return name


def _load(name: str) -> Language:
    exclude = list(NON_NER_COMPONENTS)
    name = model_location(name)
    if Path(name).exists():
        return spacy.load(name, exclude=exclude)
    try:
        module = importlib.import_module(name)
    except ImportError:
        return spacy.load(name, exclude=exclude)
    nlp: Language = module.load(exclude=exclude)
    return nlp


def load_ner_pipeline(
    spacy_model: str | None = None, *, language: str = DEFAULT_LANGUAGE
) -> Language:
    """The spaCy pipeline reduced to NER (plus a shared tok2vec only if NER listens to it).

    Loaded once per process and model; gateways share it (NER inference is read-only).
    Its layers multiply through one-thread OpenBLAS (:mod:`governance.pii.ner_ops`).
    """
    return _load_cached(resolve_model_name(spacy_model, language=language))


@functools.lru_cache(maxsize=4)
def _load_cached(name: str) -> Language:
    try:
        nlp = _load(name)
    except (OSError, ImportError, ValueError) as exc:
        raise PiiError(
            f"cannot load spaCy model {name!r}: {exc}",
            hint="install the model package or set DISTILLGATE_SPACY_MODEL to a model path",
        ) from exc
    if "ner" not in nlp.pipe_names:
        raise PiiError(f"spaCy model {name!r} has no 'ner' component")
    if "tok2vec" in nlp.pipe_names:
        listeners = getattr(nlp.get_pipe("tok2vec"), "listening_components", [])
        if "ner" not in listeners:
            nlp.remove_pipe("tok2vec")
    for pipe in list(nlp.pipe_names):
        if pipe not in ("ner", "tok2vec"):
            nlp.remove_pipe(pipe)
    use_ner_ops(nlp)
    _log.debug("spaCy model %s loaded with pipes %s", name, nlp.pipe_names)
    return nlp
