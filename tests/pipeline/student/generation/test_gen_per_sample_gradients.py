"""Opacus per-sample gradients of the generation loss against batch-size-1 microbatches.

Layers covered: Embedding (word embeddings tied to the LM head's decoder, used twice),
Linear, LayerNorm, causal BERT self-attention, the LM head transform and output bias, with
padded rows of unequal prompt and answer lengths. Hooks mode must reproduce every per-sample
gradient (tied weights included); ghost clipping, used when no trainable weight is tied, must
reproduce every per-sample norm and the clipped sum of gradients.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
import torch
from opacus.grad_sample import GradSampleModule, GradSampleModuleFastGradientClipping
from transformers import BertConfig, BertLMHeadModel

from governance.policy.jobs import ClippingMode, StudentSettings
from pipeline.student.dp_plan import DpPlan
from pipeline.student.generation.examples import IGNORE_INDEX, GenBatch
from pipeline.student.generation.loss import AnswerTokenLoss
from pipeline.student.generation.model import (
    AnswerLogits,
    build_generator,
    shared_trainable_parameters,
)
from pipeline.student.generation.train import _clipping

_ROWS = [(7, 3), (4, 2), (6, 4)]  # (sequence length, answer tokens)


def _tiny(*, freeze_embeddings: bool) -> AnswerLogits:
    torch.manual_seed(0)
    config = BertConfig(
        vocab_size=40,
        hidden_size=16,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=24,
        max_position_embeddings=16,
        hidden_dropout_prob=0.0,
        attention_probs_dropout_prob=0.0,
        is_decoder=True,
        tie_word_embeddings=True,
    )
    model = BertLMHeadModel(config)
    model.bert.embeddings.requires_grad_(not freeze_embeddings)
    with torch.no_grad():
        model.cls.predictions.bias.normal_()
    return AnswerLogits(model)


def _minilm_one_layer() -> AnswerLogits:
    torch.manual_seed(0)
    settings = StudentSettings(num_layers=1, max_length=16, train_encoder_layers=None)
    model, _ = build_generator(settings)
    for module in model.modules():
        if isinstance(module, torch.nn.Dropout):
            module.p = 0.0
    model.train()  # from_pretrained returns eval mode; Opacus hooks only record in train
    return AnswerLogits(model)


def _batch(vocab: int) -> GenBatch:
    gen = torch.Generator().manual_seed(1)
    width, answer = max(n for n, _ in _ROWS), max(a for _, a in _ROWS)
    ids = torch.zeros(len(_ROWS), width, dtype=torch.long)
    mask = torch.zeros_like(ids)
    positions = torch.zeros(len(_ROWS), answer, dtype=torch.long)
    labels = torch.full((len(_ROWS), answer), IGNORE_INDEX, dtype=torch.long)
    for row, (length, count) in enumerate(_ROWS):
        ids[row, :length] = torch.randint(1, vocab, (length,), generator=gen)
        mask[row, :length] = 1
        positions[row, :count] = torch.arange(length - count - 1, length - 1)
        labels[row, :count] = ids[row, length - count : length]
    return ids, mask, positions, labels


def _microbatch_grads(module: AnswerLogits, batch: GenBatch) -> list[dict[str, torch.Tensor]]:
    ids, mask, positions, labels = batch
    out = []
    for row, (length, count) in enumerate(_ROWS):
        module.zero_grad()
        logits = module(
            ids[row : row + 1, :length],
            mask[row : row + 1, :length],
            positions[row : row + 1, :count],
        )
        AnswerTokenLoss("sum")(logits, labels[row : row + 1, :count]).backward()
        out.append({n: p.grad.clone() for n, p in module.named_parameters() if p.grad is not None})
    module.zero_grad()
    return out


_HOOKS: dict[str, Callable[[], AnswerLogits]] = {
    "tiny_tied_embeddings_train": lambda: _tiny(freeze_embeddings=False),
    "minilm_1_layer": _minilm_one_layer,
}


@pytest.mark.parametrize("make", list(_HOOKS.values()), ids=list(_HOOKS))
def test_hooks_per_sample_gradients_match_microbatches(make: Callable[[], AnswerLogits]) -> None:
    module = make()
    batch = _batch(module.decoder.out_features)
    expected = _microbatch_grads(module, batch)
    gsm = GradSampleModule(module, batch_first=True, loss_reduction="sum")
    ids, mask, positions, labels = batch
    AnswerTokenLoss("sum")(gsm(ids, mask, positions), labels).backward()
    checked = set()
    for name, param in module.named_parameters():
        if not param.requires_grad:
            continue
        checked.add(name)
        for row in range(len(_ROWS)):
            torch.testing.assert_close(
                param.grad_sample[row], expected[row][name], atol=1e-5, rtol=1e-4
            )
    assert {"transform.dense.weight", "transform.LayerNorm.weight", "decoder.bias"} <= checked
    assert any("attention.self.query" in n for n in checked)
    tied = module.decoder.weight.requires_grad
    assert ("bert.embeddings.word_embeddings.weight" in checked) == tied
    gsm._close()


_GHOST: dict[str, Callable[[], AnswerLogits]] = {
    "tiny_frozen_embeddings": lambda: _tiny(freeze_embeddings=True),
    "minilm_1_layer": _minilm_one_layer,
}


@pytest.mark.parametrize("make", list(_GHOST.values()), ids=list(_GHOST))
def test_ghost_clipping_matches_clipped_microbatches(make: Callable[[], AnswerLogits]) -> None:
    module = make()
    assert shared_trainable_parameters(module) == []
    batch = _batch(module.decoder.out_features)
    expected = _microbatch_grads(module, batch)
    names = [n for n, p in module.named_parameters() if p.requires_grad]
    norms = torch.stack([torch.sqrt(sum((g[n] ** 2).sum() for n in names)) for g in expected])  # type: ignore[misc]
    clip = float(norms.median())  # clips some rows, leaves others
    gsm = GradSampleModuleFastGradientClipping(
        module, batch_first=True, loss_reduction="sum", max_grad_norm=clip
    )
    ids, mask, positions, labels = batch
    per_example = AnswerTokenLoss("none")(gsm(ids, mask, positions), labels)
    per_example.sum().backward(retain_graph=True)
    torch.testing.assert_close(gsm.get_norm_sample(), norms, atol=1e-5, rtol=1e-4)
    coef = gsm.get_clipping_coef()
    module.zero_grad()
    gsm.disable_hooks()
    (coef * per_example).sum().backward()
    factors = torch.clamp(clip / (norms + 1e-6), max=1.0)
    for name in names:
        clipped_sum = sum(f * g[name] for f, g in zip(factors, expected, strict=True))
        param = dict(module.named_parameters())[name]
        torch.testing.assert_close(param.grad, clipped_sum, atol=1e-5, rtol=1e-4)
    gsm._close()


def test_tied_trainable_weights_fall_back_to_per_sample_clipping() -> None:
    tied = _tiny(freeze_embeddings=False)
    assert shared_trainable_parameters(tied) == ["bert.embeddings.word_embeddings.weight"]
    plan = DpPlan.disabled()
    ghost = DpPlan(True, 8.0, 1e-5, 1.0, ClippingMode.GHOST, plan.accountant)
    assert _clipping(ghost, tied) is ClippingMode.PER_SAMPLE
    assert _clipping(ghost, _tiny(freeze_embeddings=True)) is ClippingMode.GHOST
