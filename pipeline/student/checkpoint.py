"""Per-epoch training checkpoints that a crashed run resumes from (``checkpoints/last.pt``).

A checkpoint holds the trainable weights, the optimizer state and whatever else the trainer
needs to continue exactly where it stopped (``extra``: RNG and sampler states as tensors, the
privacy accountant's history, the step counter). It is tied to one training run by a
*fingerprint* of everything that makes two runs the same (student settings, training
settings, DP plan, dataset digest, labels); a checkpoint of another run is never used.

Files are written atomically (temporary file, fsync, rename, directory fsync), so a crash
leaves either the previous checkpoint or the new one, never a torn file. They are read with
``torch.load(weights_only=True)``: plain containers, numbers, strings and tensors only, no
arbitrary objects are unpickled.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import json
import logging
import os
import pickle  # nosec B403  # torch.load(weights_only=True) reads checkpoints
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from pydantic import BaseModel
from torch import nn

from governance.errors import TrainingError
from governance.runfiles.layout import STUDENT_CHECKPOINT

__all__ = ["Checkpoint", "load_checkpoint", "save_checkpoint", "training_fingerprint"]

logger = logging.getLogger(__name__)

_FOLDER, _NAME = STUDENT_CHECKPOINT
_FORMAT = 1


def _canonical(value: object) -> Any:
    """``value`` as plain JSON data (pydantic models, dataclasses, enums, paths, containers)."""
    if isinstance(value, BaseModel):
        return _canonical(value.model_dump(mode="json"))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _canonical(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return _canonical(value.value)
    if isinstance(value, Path):
        return str(value)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, Mapping):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    raise TrainingError(
        f"training_fingerprint cannot hash a {type(value).__name__}",
        hint="pass settings, plans, digests and labels as models, dataclasses or plain data",
    )


def training_fingerprint(**parts: object) -> str:
    """SHA-256 hex of the canonical JSON of ``parts``: what makes a training run the same.

    Callers pass the parts by name (e.g. ``settings=..., training=..., dp=..., dataset=<digest>,
    labels=[...]``); key order does not matter.

    >>> training_fingerprint(labels=["a", "b"], seed=1) == training_fingerprint(
    ...     seed=1, labels=("a", "b"))
    True
    >>> training_fingerprint(seed=1) == training_fingerprint(seed=2)
    False
    """
    text = json.dumps(_canonical(parts), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Checkpoint:
    """A validated checkpoint: the last completed ``epoch`` and the state to continue from."""

    epoch: int
    fingerprint: str
    model: dict[str, torch.Tensor]
    optimizer: dict[str, Any]
    extra: dict[str, Any]


def _path(out_dir: Path) -> Path:
    return Path(out_dir) / _FOLDER / _NAME


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def save_checkpoint(
    out_dir: Path,
    *,
    epoch: int,
    fingerprint: str,
    model: nn.Module,
    optimizer: torch.optim.Optimizer,
    extra: Mapping[str, Any],
) -> str:
    """Write ``out_dir/checkpoints/last.pt`` atomically; return its path relative to ``out_dir``.

    Only the newest checkpoint is kept, and only trainable weights are stored: frozen ones are
    the initialization, so a linear probe's checkpoint stays a few kilobytes. ``extra`` must
    hold only what ``torch.load(weights_only=True)`` reads back: containers, numbers,
    strings and tensors (store RNG states as the tensors ``get_state()`` returns).
    """
    out_dir = Path(out_dir)
    path = _path(out_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    trainable = {name for name, p in model.named_parameters() if p.requires_grad}
    weights = {k: v.detach().clone() for k, v in model.state_dict().items() if k in trainable}
    payload = {
        "format": _FORMAT,
        "epoch": epoch,
        "fingerprint": fingerprint,
        "model": weights,
        "optimizer": optimizer.state_dict(),
        "extra": dict(extra),
    }
    tmp = path.with_name(_NAME + ".tmp")
    try:
        with tmp.open("wb") as handle:
            torch.save(payload, handle)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(path)
        _fsync_dir(path.parent)
    except OSError as exc:
        raise TrainingError(f"cannot write checkpoint {path}: {exc}") from exc
    return str(path.relative_to(out_dir))


def _first_sentence(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.split(". ")[0][:160] if text else type(exc).__name__


def _corrupt(path: Path, why: str) -> TrainingError:
    return TrainingError(
        f"checkpoint {path} is unreadable: {why}",
        hint=f"delete {path} to train from the start, or run without --resume",
    )


def _validated(path: Path, payload: object) -> Checkpoint:
    if not isinstance(payload, dict):
        raise _corrupt(path, f"expected a dict, found {type(payload).__name__}")
    if payload.get("format") != _FORMAT:
        raise _corrupt(path, f"unknown format {payload.get('format')!r}")
    epoch, fingerprint = payload.get("epoch"), payload.get("fingerprint")
    model, optimizer, extra = payload.get("model"), payload.get("optimizer"), payload.get("extra")
    if not isinstance(epoch, int) or isinstance(epoch, bool) or epoch < 1:
        raise _corrupt(path, f"epoch {epoch!r} is not a positive integer")
    if not isinstance(fingerprint, str):
        raise _corrupt(path, "no fingerprint")
    if not isinstance(model, dict) or not all(
        isinstance(k, str) and isinstance(v, torch.Tensor) for k, v in model.items()
    ):
        raise _corrupt(path, "model weights are not a name -> tensor mapping")
    if not isinstance(optimizer, dict) or not isinstance(extra, dict):
        raise _corrupt(path, "optimizer state or extra is not a mapping")
    return Checkpoint(
        epoch=epoch, fingerprint=fingerprint, model=model, optimizer=optimizer, extra=extra
    )


def load_checkpoint(out_dir: Path, *, fingerprint: str) -> Checkpoint | None:
    """The checkpoint in ``out_dir`` when it belongs to the run ``fingerprint``, else None.

    None when there is no checkpoint, or (with a warning) when it belongs to another run: a
    resumed run must train exactly what the interrupted one trained. A corrupt or unreadable
    file raises :class:`TrainingError`. Nothing but tensors and plain data is unpickled.
    """
    path = _path(out_dir)
    if not path.is_file():
        return None
    try:
        payload = torch.load(path, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as exc:
        why = "it is not plain data and tensors (other objects are never unpickled)"
        raise _corrupt(path, why) from exc
    except (OSError, EOFError, RuntimeError, ValueError, zipfile.BadZipFile) as exc:
        raise _corrupt(path, _first_sentence(exc)) from exc
    checkpoint = _validated(path, payload)
    if checkpoint.fingerprint != fingerprint:
        logger.warning(
            "ignoring checkpoint %s: it belongs to another training run (settings, DP plan, "
            "data or labels differ); training starts from the first epoch",
            path,
        )
        return None
    return checkpoint
