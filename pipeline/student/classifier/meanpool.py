"""A BERT encoder with masked mean pooling and a linear head: the default student.

Sentence encoders such as all-MiniLM-L6-v2 are trained with mean pooling, so their [CLS]
vector carries little meaning; a linear head over mean-pooled states works from the first
step. Under DP-SGD that matters: with only the head trainable (``train_encoder_layers: 0``),
a few thousand parameters share the noise instead of millions, and a small source still
yields a useful student. It is a regular Hugging Face model (``save_pretrained`` /
``from_pretrained``), so export and evaluation load it like any other.
"""

from __future__ import annotations

from typing import Any

import torch
from torch import nn
from transformers import BertConfig, BertModel, BertPreTrainedModel
from transformers.modeling_outputs import SequenceClassifierOutput

from pipeline.pooling import masked_mean

__all__ = [
    "MEAN_POOL_ARCHITECTURE",
    "MeanPoolBertClassifier",
    "freeze_encoder_layers",
    "load_student_module",
]

MEAN_POOL_ARCHITECTURE = "MeanPoolBertClassifier"


class MeanPoolBertClassifier(BertPreTrainedModel):  # type: ignore[misc]
    """``logits = W · mean(hidden states where attention_mask) + b``."""

    def __init__(self, config: BertConfig) -> None:
        super().__init__(config)
        self.num_labels = config.num_labels
        self.bert = BertModel(config, add_pooling_layer=False)
        self.dropout = nn.Dropout(config.hidden_dropout_prob)
        self.classifier = nn.Linear(config.hidden_size, int(config.num_labels or 2))
        self.post_init()  # type: ignore[no-untyped-call]

    def forward(
        self,
        input_ids: torch.Tensor,
        attention_mask: torch.Tensor,
        token_type_ids: torch.Tensor | None = None,
        position_ids: torch.Tensor | None = None,
        **_: Any,
    ) -> SequenceClassifierOutput:
        hidden = self.bert(
            input_ids=input_ids,
            attention_mask=attention_mask,
            token_type_ids=token_type_ids,
            position_ids=position_ids,
        ).last_hidden_state
        pooled = masked_mean(hidden, attention_mask)
        return SequenceClassifierOutput(logits=self.classifier(self.dropout(pooled)))


def freeze_encoder_layers(model: nn.Module, *, trainable_top_layers: int | None) -> None:
    """Freeze the encoder except its top ``trainable_top_layers`` layers (None: train all).

    The head (and a [CLS] pooler, where there is one) always trains; ``0`` gives a linear
    probe on the frozen encoder.
    """
    if trainable_top_layers is None:
        return
    base: nn.Module = getattr(model, "base_model", model)
    base.requires_grad_(False)
    layers = list(getattr(base, "encoder").layer)  # noqa: B009
    if trainable_top_layers:
        for layer in layers[-trainable_top_layers:]:
            layer.requires_grad_(True)
    pooler = getattr(base, "pooler", None)
    if pooler is not None:
        pooler.requires_grad_(True)
    for module in model.children():
        if module is not base:
            module.requires_grad_(True)


def load_student_module(model_dir: Any, **kwargs: Any) -> Any:
    """Load a saved student folder with the class its config names."""
    from transformers import AutoConfig, AutoModelForSequenceClassification

    config = AutoConfig.from_pretrained(model_dir, local_files_only=True)  # nosec B615  # local files only, nothing is downloaded
    if MEAN_POOL_ARCHITECTURE in (getattr(config, "architectures", None) or []):
        return MeanPoolBertClassifier.from_pretrained(model_dir, local_files_only=True, **kwargs)
    return AutoModelForSequenceClassification.from_pretrained(  # nosec B615  # local files only, nothing is downloaded
        model_dir, local_files_only=True, **kwargs
    )
