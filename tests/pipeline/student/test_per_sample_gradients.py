"""Opacus per-sample gradients of the student's layers against batch-size-1 microbatches.

The oracle is the obvious slow path: run each example alone and take its gradient. Hooks mode
must reproduce every per-sample gradient; ghost clipping must reproduce every per-sample norm
and the clipped sum of gradients. Covered layers: Embedding, Linear, LayerNorm and the BERT
self-attention block (plus pooler and classifier), with padded, unequal-length rows.
"""

from __future__ import annotations

import pytest
import torch
from opacus.grad_sample import GradSampleModule, GradSampleModuleFastGradientClipping
from transformers import BertConfig, BertForSequenceClassification

from governance.policy.jobs import StudentSettings
from pipeline.student.classifier.loss import DistillationLoss
from pipeline.student.classifier.model import LogitsModule, build_student

_LENGTHS = [7, 4, 6]


def _tiny_bert() -> LogitsModule:
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
        num_labels=3,
    )
    return LogitsModule(BertForSequenceClassification(config))


def _minilm_one_layer() -> LogitsModule:
    torch.manual_seed(0)
    # Embeddings frozen (the default): the 30k-row embedding is covered by the tiny BERT.
    settings = StudentSettings(
        num_layers=1, max_length=16, freeze_embeddings=True, train_encoder_layers=None
    )
    model, _ = build_student(settings, ["a", "b", "c"])
    model.config.hidden_dropout_prob = 0.0
    for module in model.modules():
        if isinstance(module, torch.nn.Dropout):
            module.p = 0.0
    model.train()  # from_pretrained returns eval mode; Opacus hooks only record in train
    return LogitsModule(model)


def _batch(vocab: int) -> tuple[torch.Tensor, ...]:
    gen = torch.Generator().manual_seed(1)
    width = max(_LENGTHS)
    ids = torch.zeros(len(_LENGTHS), width, dtype=torch.long)
    mask = torch.zeros_like(ids)
    for row, length in enumerate(_LENGTHS):
        ids[row, :length] = torch.randint(1, vocab, (length,), generator=gen)
        mask[row, :length] = 1
    targets = torch.tensor([[1.0, 0.0, 0.0], [0.2, 0.5, 0.3], [0.0, 0.0, 1.0]])
    soft = torch.tensor([False, True, False])
    return ids, mask, targets, soft


def _microbatch_grads(
    module: LogitsModule, batch: tuple[torch.Tensor, ...]
) -> list[dict[str, torch.Tensor]]:
    ids, mask, targets, soft = batch
    loss_fn = DistillationLoss(2.0, reduction="sum")
    out = []
    for row, length in enumerate(_LENGTHS):
        module.zero_grad()
        logits = module(ids[row : row + 1, :length], mask[row : row + 1, :length])
        loss_fn(logits, targets[row : row + 1], soft[row : row + 1]).backward()
        out.append({n: p.grad.clone() for n, p in module.named_parameters() if p.grad is not None})
    module.zero_grad()
    return out


_MODELS = {"tiny_bert": _tiny_bert, "minilm_1_layer": _minilm_one_layer}


@pytest.mark.parametrize("make", list(_MODELS.values()), ids=list(_MODELS))
def test_hooks_per_sample_gradients_match_microbatches(make: object) -> None:
    module = make()  # type: ignore[operator]
    batch = _batch(module.model.config.vocab_size)
    expected = _microbatch_grads(module, batch)
    gsm = GradSampleModule(module, batch_first=True, loss_reduction="sum")
    ids, mask, targets, soft = batch
    DistillationLoss(2.0, reduction="sum")(gsm(ids, mask), targets, soft).backward()
    kinds = set()
    for name, param in module.named_parameters():
        if not param.requires_grad:
            continue
        kinds.add(name.split(".")[-2] if name.count(".") > 1 else name.split(".")[0])
        for row in range(len(_LENGTHS)):
            torch.testing.assert_close(
                param.grad_sample[row], expected[row][name], atol=1e-5, rtol=1e-4
            )
    assert {"query", "key", "value", "dense", "LayerNorm", "classifier"} <= kinds
    trainable_embeddings = module.model.bert.embeddings.word_embeddings.weight.requires_grad
    assert ("word_embeddings" in kinds) == trainable_embeddings
    gsm._close()


@pytest.mark.parametrize("make", list(_MODELS.values()), ids=list(_MODELS))
def test_ghost_clipping_matches_clipped_microbatches(make: object) -> None:
    module = make()  # type: ignore[operator]
    batch = _batch(module.model.config.vocab_size)
    expected = _microbatch_grads(module, batch)
    names = [n for n, p in module.named_parameters() if p.requires_grad]
    norms = torch.stack(
        [torch.sqrt(sum((g[n] ** 2).sum() for n in names)) for g in expected]  # type: ignore[misc]
    )
    clip = float(norms.median())  # clips some rows, leaves others
    gsm = GradSampleModuleFastGradientClipping(
        module, batch_first=True, loss_reduction="sum", max_grad_norm=clip
    )
    ids, mask, targets, soft = batch
    loss_fn = DistillationLoss(2.0, reduction="none")
    per_example = loss_fn(gsm(ids, mask), targets, soft)
    per_example.sum().backward(retain_graph=True)
    torch.testing.assert_close(gsm.get_norm_sample(), norms, atol=1e-5, rtol=1e-4)
    coef = gsm.get_clipping_coef()
    module.zero_grad()
    gsm.disable_hooks()
    (coef * per_example).sum().backward()
    for name, param in module.named_parameters():
        if not param.requires_grad:
            continue
        factors = torch.clamp(clip / (norms + 1e-6), max=1.0)
        clipped_sum = sum(f * g[name] for f, g in zip(factors, expected, strict=True))
        torch.testing.assert_close(param.grad, clipped_sum, atol=1e-5, rtol=1e-4)
    gsm._close()
