"""The student: a (truncated) BERT-family encoder with a classification head.

Training builds it with :func:`build_student`; everything downstream (export, privacy
evaluation) loads the saved folder with :meth:`StudentModel.load`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F  # noqa: N812
from torch import nn
from transformers import (
    AutoConfig,
    AutoModelForSequenceClassification,
    AutoTokenizer,
    BertConfig,
    PreTrainedModel,
    PreTrainedTokenizerBase,
)

from governance.errors import ConfigError, TrainingError
from governance.policy.jobs import StudentSettings
from pipeline.student.backbone import SCRATCH_CONFIG, minilm_folder, offline
from pipeline.student.classifier.meanpool import (
    MEAN_POOL_ARCHITECTURE,
    MeanPoolBertClassifier,
    freeze_encoder_layers,
    load_student_module,
)

__all__ = ["LogitsModule", "StudentModel", "build_student"]

logger = logging.getLogger(__name__)


def _label_maps(labels: Sequence[str]) -> dict[str, Any]:
    return {
        "num_labels": len(labels),
        "id2label": dict(enumerate(labels)),
        "label2id": {name: i for i, name in enumerate(labels)},
    }


def build_student(
    settings: StudentSettings, labels: Sequence[str]
) -> tuple[PreTrainedModel, PreTrainedTokenizerBase]:
    """A fresh student for ``labels`` (head randomly initialised from torch's current seed).

    ``settings.init``: "minilm" (packaged all-MiniLM-L6-v2), "scratch" (a small BERT of
    ``settings.num_layers`` layers, see :data:`SCRATCH_CONFIG`) or a local model folder.
    Pretrained encoders keep their first ``settings.num_layers`` layers.
    """
    offline()
    if len(labels) < 2:
        raise ConfigError(f"a classification student needs at least 2 labels, got {len(labels)}")
    maps = _label_maps(labels)
    if settings.init == "scratch":
        folder = minilm_folder()
        tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)  # nosec B615  # local files only, nothing is downloaded
        config = BertConfig(
            vocab_size=tokenizer.vocab_size,
            num_hidden_layers=settings.num_layers,
            **SCRATCH_CONFIG,
            **maps,
        )
        model: PreTrainedModel = (
            MeanPoolBertClassifier(config)
            if settings.pooling == "mean"
            else AutoModelForSequenceClassification.from_config(config)  # type: ignore[no-untyped-call]
        )
    else:
        folder = minilm_folder() if settings.init == "minilm" else Path(settings.init)
        if not (folder / "config.json").is_file():
            raise ConfigError(
                f"student init folder {folder} has no config.json",
                hint="use 'minilm', 'scratch' or a local Hugging Face model folder",
            )
        config = AutoConfig.from_pretrained(folder, local_files_only=True, **maps)  # nosec B615  # local files only, nothing is downloaded
        available = int(getattr(config, "num_hidden_layers", settings.num_layers))
        if settings.num_layers > available:
            raise ConfigError(
                f"student asks for {settings.num_layers} layers but {folder} has {available}"
            )
        config.num_hidden_layers = settings.num_layers
        tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)  # nosec B615  # local files only, nothing is downloaded
        if settings.pooling == "mean":
            if not isinstance(config, BertConfig):
                raise ConfigError(
                    f"mean pooling needs a BERT-family encoder; {folder} is "
                    f"{getattr(config, 'model_type', '?')}",
                    hint="set student.pooling: cls for other model families",
                )
            model = MeanPoolBertClassifier.from_pretrained(
                folder, config=config, local_files_only=True
            )
        else:
            model = AutoModelForSequenceClassification.from_pretrained(  # nosec B615  # local files only, nothing is downloaded
                folder, config=config, local_files_only=True
            )
    if settings.pooling == "mean":
        model.config.architectures = [MEAN_POOL_ARCHITECTURE]
    tokenizer.model_max_length = settings.max_length
    freeze_encoder_layers(model, trainable_top_layers=settings.train_encoder_layers)
    if settings.freeze_embeddings:
        model.base_model.embeddings.requires_grad_(False)
    return model, tokenizer


class LogitsModule(nn.Module):
    """``(input_ids, attention_mask) -> logits`` with explicit per-row position ids.

    Opacus computes per-sample gradients from layer inputs, so every input must carry the
    batch dimension; Hugging Face's default position ids are a broadcast ``[1, T]`` buffer.
    """

    def __init__(self, model: PreTrainedModel) -> None:
        super().__init__()
        self.model = model

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        batch, length = input_ids.shape
        positions = torch.arange(length, device=input_ids.device).expand(batch, length)
        out = self.model(
            input_ids=input_ids,
            attention_mask=attention_mask,
            token_type_ids=torch.zeros_like(input_ids),
            position_ids=positions.contiguous(),
        )
        logits: torch.Tensor = out.logits
        return logits


class StudentModel:
    """A saved student folder, ready for CPU inference."""

    def __init__(self, model: PreTrainedModel, tokenizer: PreTrainedTokenizerBase) -> None:
        model.eval()  # type: ignore[no-untyped-call]
        self.model = model
        self.tokenizer = tokenizer
        id2label: dict[Any, Any] = dict(model.config.id2label or {})
        self.labels: list[str] = [str(id2label[i]) for i in range(len(id2label))]
        self.max_length = int(min(tokenizer.model_max_length, 512))

    @classmethod
    def load(cls, model_dir: Path) -> StudentModel:
        """Load a folder written by ``train_student`` (never downloads anything)."""
        offline()
        model_dir = Path(model_dir)
        if not (model_dir / "config.json").is_file():
            raise TrainingError(f"{model_dir} is not a student folder (no config.json)")
        tokenizer = AutoTokenizer.from_pretrained(model_dir, local_files_only=True)  # nosec B615  # local files only, nothing is downloaded
        model: PreTrainedModel = load_student_module(model_dir)
        return cls(model, tokenizer)

    def _logits(self, texts: Sequence[str]) -> torch.Tensor:
        enc = self.tokenizer(
            list(texts),
            truncation=True,
            max_length=self.max_length,
            padding=True,
            return_tensors="pt",
        )
        with torch.inference_mode():
            logits: torch.Tensor = self.model(**enc).logits
        return logits

    def predict_proba(self, texts: Sequence[str], *, batch_size: int = 64) -> np.ndarray:
        """Class probabilities, shape ``[len(texts), len(labels)]``."""
        out = [
            F.softmax(self._logits(texts[i : i + batch_size]), dim=-1).numpy()
            for i in range(0, len(texts), batch_size)
        ]
        if not out:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        return np.concatenate(out).astype(np.float32)

    def per_example_loss(
        self, texts: Sequence[str], labels: Sequence[int], *, batch_size: int = 64
    ) -> np.ndarray:
        """Cross-entropy of each text against its label index, shape ``[len(texts)]``."""
        if len(texts) != len(labels):
            raise TrainingError(f"{len(texts)} texts but {len(labels)} labels")
        out = []
        for i in range(0, len(texts), batch_size):
            logits = self._logits(texts[i : i + batch_size])
            target = torch.tensor(list(labels[i : i + batch_size]), dtype=torch.long)
            out.append(F.cross_entropy(logits, target, reduction="none").numpy())
        if not out:
            return np.zeros(0, dtype=np.float32)
        return np.concatenate(out).astype(np.float32)
