"""ONNX export of a causal language model student (generation), with a parity check.

The graph maps ``input_ids`` and ``attention_mask`` to next-token ``logits`` over the whole
sequence (no KV cache: on-device runtimes rerun the prefix, which is cheap for students
this small). Parity against PyTorch is checked on random inputs of several shapes,
right padding included.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
from pathlib import Path
from typing import Any

from governance.errors import ExportError
from pipeline.export.onnx_export import PARITY_TOLERANCE, OnnxExport

__all__ = ["CAUSAL_ONNX_INPUTS", "export_causal_lm_onnx"]

logger = logging.getLogger(__name__)

CAUSAL_ONNX_INPUTS: tuple[str, ...] = ("input_ids", "attention_mask")
_OPSET = 18
_PARITY_SHAPES: tuple[tuple[int, int], ...] = ((1, 5), (3, 11), (2, 16))


def _load(model_dir: Path) -> Any:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from transformers import AutoModelForCausalLM

    try:
        model: Any = AutoModelForCausalLM.from_pretrained(
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
    import torch

    model = _load(model_dir)
    wrapper = _CausalLogits(model).eval()
    generator = torch.Generator().manual_seed(seed)
    vocab = int(model.config.vocab_size)

    def sample(batch: int, length: int) -> dict[str, Any]:
        ids = torch.randint(0, vocab, (batch, length), generator=generator)
        mask = torch.ones_like(ids)
        if batch > 1:
            mask[-1, length // 2 :] = 0
        return {"input_ids": ids, "attention_mask": mask}

    batch_dim = torch.export.Dim("batch", min=1, max=1024)
    seq_dim = torch.export.Dim("sequence", min=2, max=int(model.config.max_position_embeddings))
    example = sample(2, 8)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    stdout = io.StringIO()
    try:
        with contextlib.redirect_stdout(stdout), torch.no_grad():
            torch.onnx.export(
                wrapper,
                (example["input_ids"], example["attention_mask"]),
                str(out_path),
                input_names=list(CAUSAL_ONNX_INPUTS),
                output_names=["logits"],
                dynamic_shapes={name: {0: batch_dim, 1: seq_dim} for name in CAUSAL_ONNX_INPUTS},
                opset_version=_OPSET,
                dynamo=True,
                external_data=False,
            )
    except Exception as exc:  # the exporter raises many types; none may escape
        raise ExportError(f"ONNX export of {model_dir} failed: {exc}") from exc
    logger.debug("torch.onnx: %s", stdout.getvalue().strip())
    worst = _parity(wrapper, out_path, [sample(b, s) for b, s in _PARITY_SHAPES])
    if not worst < PARITY_TOLERANCE:
        raise ExportError(
            f"ONNX parity check failed: max |Δlogit| = {worst:.3g} "
            f"(must be below {PARITY_TOLERANCE:g})"
        )
    return OnnxExport(out_path, CAUSAL_ONNX_INPUTS, worst, _PARITY_SHAPES)


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


def _parity(wrapper: Any, onnx_path: Path, batches: list[dict[str, Any]]) -> float:
    import numpy as np
    import onnxruntime as ort
    import torch

    options = ort.SessionOptions()
    options.log_severity_level = 3
    session = ort.InferenceSession(
        str(onnx_path), sess_options=options, providers=["CPUExecutionProvider"]
    )
    worst = 0.0
    for batch in batches:
        with torch.no_grad():
            reference = wrapper(batch["input_ids"], batch["attention_mask"]).numpy()
        (logits,) = session.run(["logits"], {k: v.numpy() for k, v in batch.items()})
        # Padded positions are never read; compare where the mask is on.
        keep = batch["attention_mask"].numpy().astype(bool)
        diff = np.abs(np.asarray(logits) - reference)[keep]
        worst = max(worst, float(diff.max()) if diff.size else 0.0)
    return worst
