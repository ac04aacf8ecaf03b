"""ONNX export of a causal language model student (generation), with a parity check.

The graph maps ``input_ids`` and ``attention_mask`` to next-token ``logits`` over the whole
sequence (no KV cache: on-device runtimes rerun the prefix, which is cheap for students
this small). Parity against PyTorch is checked on random inputs of several shapes,
right padding included.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from governance.errors import ExportError
from pipeline.export.onnx_export import OnnxExport, export_checked

__all__ = ["CAUSAL_ONNX_INPUTS", "export_causal_lm_onnx"]

CAUSAL_ONNX_INPUTS: tuple[str, ...] = ("input_ids", "attention_mask")


def _load(model_dir: Path) -> Any:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from transformers import AutoModelForCausalLM

    try:
        model: Any = AutoModelForCausalLM.from_pretrained(  # nosec B615  # local files only, nothing is downloaded
            model_dir, local_files_only=True, attn_implementation="eager"
        )
    except (OSError, ValueError) as exc:
        raise ExportError(f"cannot load the causal LM student from {model_dir}: {exc}") from exc
    return model.eval()


def export_causal_lm_onnx(model_dir: Path, out_path: Path, *, seed: int = 0) -> OnnxExport:
    """Export the causal LM in ``model_dir`` to ``out_path`` and check parity.

    Inputs ``input_ids`` and ``attention_mask`` with dynamic batch and sequence axes;
    output ``logits`` ``[batch, sequence, vocab]``. Raises :class:`ExportError` when the
    export fails or any logit differs by ``PARITY_TOLERANCE`` or more.
    """
    model = _load(model_dir)
    return export_checked(
        _CausalLogits(model).eval(),
        model_dir=model_dir,
        out_path=out_path,
        inputs=CAUSAL_ONNX_INPUTS,
        vocab_size=int(model.config.vocab_size),
        max_positions=int(model.config.max_position_embeddings),
        seed=seed,
        per_position=True,
    )


def _module() -> Any:
    import torch

    return torch.nn.Module


class _CausalLogits(_module()):  # type: ignore[misc]
    """Next-token logits of a causal LM, without a KV cache."""

    def __init__(self, inner: Any) -> None:
        super().__init__()
        self.inner = inner

    def forward(self, input_ids: Any, attention_mask: Any) -> Any:
        return self.inner(
            input_ids=input_ids, attention_mask=attention_mask, use_cache=False
        ).logits
