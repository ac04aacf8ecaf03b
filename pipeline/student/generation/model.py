"""The generation student: a small BERT-family causal LM with a tied LM head.

``init: minilm`` (default) starts from the first ``num_layers`` layers of the packaged
all-MiniLM-L6-v2 run as a decoder (``is_decoder=True``: causal self-attention), with the
output projection tied to the word embeddings; ``init: scratch`` is a BERT decoder of
:data:`pipeline.student.backbone.SCRATCH_CONFIG` size on the same WordPiece vocabulary; any
other value names a local BERT-family folder. Every trainable layer is an ``nn.Linear``,
``nn.LayerNorm`` or ``nn.Embedding``, so Opacus can train it privately.

The saved folder is a plain ``BertLMHeadModel`` folder (``AutoModelForCausalLM`` loads it);
its ``config.architectures`` also names :data:`GENERATION_ARCHITECTURE` so that loaders can
tell a generation student from a classifier.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import torch
from torch import nn
from transformers import (
    AutoConfig,
    AutoTokenizer,
    BertConfig,
    BertLMHeadModel,
    PreTrainedModel,
    PreTrainedTokenizerBase,
)

from governance.errors import ConfigError, TrainingError
from governance.policy.jobs import StudentSettings
from pipeline.student.backbone import SCRATCH_CONFIG, minilm_folder, offline

__all__ = [
    "GENERATION_ARCHITECTURE",
    "AnswerLogits",
    "build_generator",
    "is_generation_folder",
    "save_generator",
    "shared_trainable_parameters",
]

logger = logging.getLogger(__name__)

#: Extra name in ``config.architectures`` of every generation student folder.
GENERATION_ARCHITECTURE = "DistillgateGenerationStudent"


def is_generation_folder(folder: Path) -> bool:
    """Whether ``folder/config.json`` names :data:`GENERATION_ARCHITECTURE`."""
    path = Path(folder) / "config.json"
    if not path.is_file():
        return False
    config = json.loads(path.read_text(encoding="utf-8"))
    return GENERATION_ARCHITECTURE in (config.get("architectures") or [])


def _pretrained(settings: StudentSettings) -> tuple[BertLMHeadModel, PreTrainedTokenizerBase]:
    folder = minilm_folder() if settings.init == "minilm" else Path(settings.init)
    if not (folder / "config.json").is_file():
        raise ConfigError(
            f"student init folder {folder} has no config.json",
            hint="use 'minilm', 'scratch' or a local Hugging Face model folder",
        )
    config = AutoConfig.from_pretrained(folder, local_files_only=True)  # nosec B615  # local files only, nothing is downloaded
    if not isinstance(config, BertConfig):
        raise ConfigError(
            f"a generation student needs a BERT-family folder; {folder} is "
            f"{getattr(config, 'model_type', '?')}",
            hint="use init: minilm, init: scratch or a local BERT-family folder",
        )
    available = int(config.num_hidden_layers)
    if settings.num_layers > available:
        raise ConfigError(
            f"student asks for {settings.num_layers} layers but {folder} has {available}"
        )
    config.num_hidden_layers = settings.num_layers
    config.is_decoder = True
    config.add_cross_attention = False
    config.tie_word_embeddings = True
    model = BertLMHeadModel.from_pretrained(folder, config=config, local_files_only=True)  # nosec B615  # local files only, nothing is downloaded
    tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)  # nosec B615  # local files only, nothing is downloaded
    return model, tokenizer


def _scratch(settings: StudentSettings) -> tuple[BertLMHeadModel, PreTrainedTokenizerBase]:
    folder = minilm_folder()
    tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)  # nosec B615  # local files only, nothing is downloaded
    config = BertConfig(
        vocab_size=tokenizer.vocab_size,
        num_hidden_layers=settings.num_layers,
        is_decoder=True,
        tie_word_embeddings=True,
        **SCRATCH_CONFIG,
    )
    return BertLMHeadModel(config), tokenizer


def _freeze(model: BertLMHeadModel, settings: StudentSettings) -> None:
    """Top ``train_encoder_layers`` layers (None: all) and the LM head train; the (tied) word
    embeddings train only when ``freeze_embeddings`` is false."""
    model.requires_grad_(False)
    layers = list(model.bert.encoder.layer)
    top = len(layers) if settings.train_encoder_layers is None else settings.train_encoder_layers
    for layer in layers[len(layers) - top :] if top else []:
        layer.requires_grad_(True)
    model.cls.predictions.transform.requires_grad_(True)
    model.cls.predictions.bias.requires_grad_(True)
    model.bert.embeddings.requires_grad_(not settings.freeze_embeddings)


def build_generator(settings: StudentSettings) -> tuple[PreTrainedModel, PreTrainedTokenizerBase]:
    """A fresh generation student and its tokenizer (random parts seeded by torch's seed).

    ``settings.init``: "minilm", "scratch" or a local BERT-family folder;
    ``num_layers`` layers are kept; ``train_encoder_layers`` and ``freeze_embeddings`` set
    what trains (the LM head transform and output bias always train). Measured on the
    ticket-summary benchmark (``benchmarks/dp_gen_bench.py``): MiniLM with its top layer
    training (``train_encoder_layers: 1``) writes the answers exactly, where the head alone
    (``0``, the classification default) reaches ROUGE-L 0.49 and a scratch decoder 0.81.
    """
    offline()
    model, tokenizer = _scratch(settings) if settings.init == "scratch" else _pretrained(settings)
    model.config.architectures = [type(model).__name__, GENERATION_ARCHITECTURE]
    tokenizer.model_max_length = settings.max_length
    _freeze(model, settings)
    return model, tokenizer


def save_generator(
    model: PreTrainedModel, tokenizer: PreTrainedTokenizerBase, folder: Path
) -> None:
    """Save a Hugging Face folder whose config names :data:`GENERATION_ARCHITECTURE`.

    ``save_pretrained`` writes only the class name into ``architectures``; the generation
    marker is added afterwards (``AutoModelForCausalLM`` loads by ``model_type``).
    """
    folder = Path(folder)
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    path = folder / "config.json"
    config = json.loads(path.read_text(encoding="utf-8"))
    config["architectures"] = [type(model).__name__, GENERATION_ARCHITECTURE]
    path.write_text(json.dumps(config, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def shared_trainable_parameters(module: nn.Module) -> list[str]:
    """Names of trainable parameters used by more than one submodule (tied weights).

    Opacus' ghost clipping computes per-layer norms, which is wrong for a weight shared by
    two layers (the norm of a sum is not the sum of norms); hooks mode sums the per-sample
    gradients of both uses and stays exact.
    """
    owners: dict[int, list[str]] = {}
    for prefix, sub in module.named_modules(remove_duplicate=False):
        for name, param in sub.named_parameters(recurse=False):
            if param.requires_grad:
                owners.setdefault(id(param), []).append(f"{prefix}.{name}" if prefix else name)
    return sorted(names[0] for names in owners.values() if len(names) > 1)


class AnswerLogits(nn.Module):
    """Training view of a :class:`BertLMHeadModel`: logits at the answer positions only.

    ``(input_ids [B, T], attention_mask [B, T], positions [B, A]) -> logits [B, A, V]``.
    Position ids are explicit per row (Opacus needs a batch dimension on every layer input)
    and only the answer positions go through the vocabulary projection. The head's pieces
    are registered directly (``transform``, ``decoder``) so that Opacus sees only supported
    layers; the parameters are shared with ``model``, which is what gets saved.
    """

    def __init__(self, model: PreTrainedModel) -> None:
        super().__init__()
        if not isinstance(model, BertLMHeadModel):
            raise TrainingError(f"expected a BertLMHeadModel, got {type(model).__name__}")
        self.bert = model.bert
        self.transform = model.cls.predictions.transform
        self.decoder = model.cls.predictions.decoder

    def forward(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor, positions: torch.Tensor
    ) -> torch.Tensor:
        batch, length = input_ids.shape
        position_ids = torch.arange(length, device=input_ids.device).expand(batch, length)
        hidden = self.bert(
            input_ids=input_ids,
            attention_mask=attention_mask,
            token_type_ids=torch.zeros_like(input_ids),
            position_ids=position_ids.contiguous(),
        ).last_hidden_state
        index = positions.unsqueeze(-1).expand(-1, -1, hidden.size(-1))
        logits: torch.Tensor = self.decoder(self.transform(hidden.gather(1, index)))
        return logits
