"""ONNX export of the student classifier, with a parity check against PyTorch."""

from __future__ import annotations

import contextlib
import inspect
import io
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from governance.errors import ExportError

__all__ = ["ONNX_INPUTS", "PARITY_TOLERANCE", "OnnxExport", "export_checked", "export_onnx"]

logger = logging.getLogger(__name__)

ONNX_INPUTS: tuple[str, ...] = ("input_ids", "attention_mask", "token_type_ids")
PARITY_TOLERANCE = 1e-4
_OPSET = 18
_PARITY_SHAPES: tuple[tuple[int, int], ...] = ((1, 5), (3, 11), (2, 16))


@dataclass(frozen=True)
class OnnxExport:
    """Where the ONNX model went and how closely it matches PyTorch."""

    path: Path
    inputs: tuple[str, ...]
    max_abs_diff: float
    shapes_checked: tuple[tuple[int, int], ...]


def export_onnx(model_dir: Path, out_path: Path, *, seed: int = 0) -> OnnxExport:
    """Export ``model_dir`` (a sequence classifier) to ``out_path`` and check parity.

    Inputs ``input_ids``, ``attention_mask`` and (when the model takes it)
    ``token_type_ids`` with dynamic batch and sequence axes; output ``logits``. Raises
    :class:`ExportError` when the export fails or any logit differs by ``PARITY_TOLERANCE``
    or more on random inputs of several shapes (padding included).
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

    from pipeline.student.classifier.meanpool import load_student_module

    try:
        model = load_student_module(model_dir, attn_implementation="eager").eval()
    except (OSError, ValueError) as exc:
        raise ExportError(f"cannot load the student from {model_dir}: {exc}") from exc
    accepted = inspect.signature(model.forward).parameters
    inputs = tuple(name for name in ONNX_INPUTS if name in accepted)

    wrapper = (_WithTokenTypes if "token_type_ids" in inputs else _WithoutTokenTypes)(model)
    return export_checked(
        wrapper,
        model_dir=model_dir,
        out_path=out_path,
        inputs=inputs,
        vocab_size=int(model.config.vocab_size),
        max_positions=int(model.config.max_position_embeddings),
        seed=seed,
        per_position=False,
    )


def export_checked(
    wrapper: Any,
    *,
    model_dir: Path,
    out_path: Path,
    inputs: tuple[str, ...],
    vocab_size: int,
    max_positions: int,
    seed: int,
    per_position: bool,
) -> OnnxExport:
    """Export ``wrapper`` (a module taking ``inputs`` positionally and returning logits) with
    dynamic batch and sequence axes, then check parity on random inputs of several shapes
    (the last row of each batch half padded). ``per_position``: the logits have a sequence
    axis, and padded positions, which nothing reads, are left out of the comparison.
    """
    import torch

    generator = torch.Generator().manual_seed(seed)

    def sample(batch: int, length: int) -> dict[str, Any]:
        ids = torch.randint(0, vocab_size, (batch, length), generator=generator)
        mask = torch.ones_like(ids)
        if batch > 1:
            mask[-1, length // 2 :] = 0
        values = {"input_ids": ids, "attention_mask": mask, "token_type_ids": torch.zeros_like(ids)}
        return {name: values[name] for name in inputs}

    batch_dim = torch.export.Dim("batch", min=1, max=1024)
    seq_dim = torch.export.Dim("sequence", min=2, max=max_positions)
    example = sample(2, 8)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    stdout = io.StringIO()
    try:
        with contextlib.redirect_stdout(stdout), torch.no_grad():
            torch.onnx.export(
                wrapper.eval(),
                tuple(example[name] for name in inputs),
                str(out_path),
                input_names=list(inputs),
                output_names=["logits"],
                dynamic_shapes={name: {0: batch_dim, 1: seq_dim} for name in inputs},
                opset_version=_OPSET,
                dynamo=True,
                external_data=False,
            )
    except Exception as exc:  # the exporter raises many types; none may escape
        raise ExportError(f"ONNX export of {model_dir} failed: {exc}") from exc
    logger.debug("torch.onnx: %s", stdout.getvalue().strip())
    batches = [sample(b, s) for b, s in _PARITY_SHAPES]
    worst = _parity(wrapper, out_path, batches, inputs=inputs, per_position=per_position)
    if not worst < PARITY_TOLERANCE:
        raise ExportError(
            f"ONNX parity check failed: max |Δlogit| = {worst:.3g} "
            f"(must be below {PARITY_TOLERANCE:g})"
        )
    return OnnxExport(out_path, inputs, worst, _PARITY_SHAPES)


def _logits_module() -> Any:
    import torch

    return torch.nn.Module


class _WithTokenTypes(_logits_module()):  # type: ignore[misc]
    """Logits of a classifier taking token type ids (BERT-like)."""

    def __init__(self, inner: Any) -> None:
        super().__init__()
        self.inner = inner

    def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
        return self.inner(
            input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
        ).logits


class _WithoutTokenTypes(_logits_module()):  # type: ignore[misc]
    """Logits of a classifier without token type ids (DistilBERT-like)."""

    def __init__(self, inner: Any) -> None:
        super().__init__()
        self.inner = inner

    def forward(self, input_ids: Any, attention_mask: Any) -> Any:
        return self.inner(input_ids=input_ids, attention_mask=attention_mask).logits


def _parity(
    wrapper: Any,
    onnx_path: Path,
    batches: list[dict[str, Any]],
    *,
    inputs: tuple[str, ...],
    per_position: bool,
) -> float:
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
            reference = wrapper(*(batch[name] for name in inputs)).numpy()
        (logits,) = session.run(["logits"], {k: v.numpy() for k, v in batch.items()})
        diff = np.abs(np.asarray(logits) - reference)
        if per_position:  # padded positions are never read
            diff = diff[batch["attention_mask"].numpy().astype(bool)]
        worst = max(worst, float(diff.max()) if diff.size else 0.0)
    return worst
