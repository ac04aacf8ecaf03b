"""``model_card.md`` of an export bundle, with a privacy section."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from governance.gates.result import GateResult
from governance.privacy.report import PrivacyReport

__all__ = ["ModelCardFacts", "render_model_card"]


@dataclass(frozen=True)
class ModelCardFacts:
    """What the card says beyond the privacy report and the gate."""

    run_id: str
    labels: Sequence[str]
    base_model: str
    onnx_max_abs_diff: float
    policy_sha256: str
    task_kind: str = "classification"


def _number(value: float | None, digits: int = 4) -> str:
    if value is None:
        return "not measured"
    if math.isinf(value):
        return "∞ (no differential privacy)"
    return f"{value:.{digits}g}"


def _classification_model(facts: ModelCardFacts, report: PrivacyReport) -> list[str]:
    return [
        "## Model",
        f"- Architecture: sequence classifier fine-tuned from `{facts.base_model}`",
        f"- Labels: {', '.join(f'`{label}`' for label in facts.labels)}",
        "- Files: `model/` (safetensors weights, tokenizer, config), `model.onnx` "
        f"(parity with PyTorch: max |Δlogit| = {facts.onnx_max_abs_diff:.2e})",
        "",
        "## Intended use",
        f"Classifying records of data source `{report.source}` into the labels above, "
        "under the processing purpose recorded in its policy.",
        "",
    ]


def _generation_model(facts: ModelCardFacts, report: PrivacyReport) -> list[str]:
    return [
        "## Model",
        "- Task kind: generation",
        f"- Architecture: causal language model (`{facts.base_model}`) that writes an answer "
        "after `[CLS] prompt [SEP]`",
        "- Files: `model/` (safetensors weights, tokenizer, config), `model.onnx` "
        "(inputs `input_ids`, `attention_mask`; output next-token `logits`, no KV cache; "
        f"parity with PyTorch: max |Δlogit| = {facts.onnx_max_abs_diff:.2e})",
        "",
        "## Intended use",
        f"Answering anonymized records of data source `{report.source}` as the teacher was "
        "instructed, under the processing purpose recorded in its policy.",
        "",
    ]


def _replay_lines(report: PrivacyReport) -> list[str]:
    replay = report.pii_replay
    if replay is None:
        return []
    types = ", ".join(f"{k}: {v}" for k, v in replay.entity_counts.items()) or "none"
    return [
        f"- PII replay: {replay.outputs} outputs to canary prefixes scanned; "
        f"{replay.pii_findings} PII findings ({types}); "
        f"{replay.canaries_found} canary secrets found"
    ]


def render_model_card(facts: ModelCardFacts, report: PrivacyReport, gate: GateResult) -> str:
    """Markdown model card: model, intended use, privacy, validation, limitations."""
    dp = report.dp
    attacks = report.membership_inference
    auc = max((a.auc for a in attacks), default=None)
    tpr = max((a.tpr_at_1pct_fpr for a in attacks), default=None)
    canaries = report.canaries
    empirical = report.empirical_epsilon
    lines = [
        f"# Model card: distilled student of run `{facts.run_id}`",
        "",
        *(
            _generation_model(facts, report)
            if facts.task_kind == "generation"
            else _classification_model(facts, report)
        ),
        "## Privacy",
        f"- Differential privacy: {'DP-SGD' if dp.enabled else 'not used'}",
        f"- ε (this run): {_number(dp.epsilon)}",
        f"- δ: {dp.delta:.3g}" + (f" (N = {dp.dataset_size})" if dp.dataset_size else ""),
        f"- Accountant: {dp.accountant}; noise multiplier σ = {_number(dp.noise_multiplier)}; "
        f"clipping C = {_number(dp.max_grad_norm)}; sampling rate q = {_number(dp.sample_rate)}; "
        f"steps = {dp.steps}",
        f"- Source's lifetime ε spent: {_number(report.lifetime_epsilon_spent)}"
        + (
            f" of {_number(report.lifetime_epsilon_budget)}"
            if report.lifetime_epsilon_budget is not None
            else ""
        ),
        f"- Membership inference (strongest of {len(attacks)} attacks): AUC = {_number(auc)}, "
        f"TPR at 1% FPR = {_number(tpr)}",
        (
            f"- Canaries: {canaries.planted} planted, max exposure "
            f"{_number(canaries.max_exposure_bits)} bits, {canaries.exposed} exposed"
            if canaries
            else "- Canaries: none planted"
        ),
        (
            f"- Empirical ε lower bound: {_number(empirical.lower_bound)} at "
            f"{empirical.confidence:.0%} confidence ({empirical.method})"
            if empirical
            else "- Empirical ε lower bound: not measured"
        ),
        *_replay_lines(report),
        f"- Policy SHA-256: `{facts.policy_sha256}`",
        "",
        "## Validation (export gate)",
        f"Gate verdict: **{'passed' if gate.passed else 'failed'}** "
        f"(Great Expectations {gate.gx_version}, {gate.created_at}).",
        "",
        "| suite | expectations | passed |",
        "|---|---|---|",
        *(
            f"| {s.name} | {len(s.expectations)} | {'yes' if s.passed else 'no'} |"
            for s in gate.suites
        ),
        "",
        "## Limitations",
        (
            "- Trained on teacher answers to anonymized text; it inherits the teacher's errors."
            if facts.task_kind == "generation"
            else "- Trained on teacher labels of anonymized text; it inherits the teacher's errors."
        ),
        "- The privacy guarantee covers the training records of this run only; the "
        "empirical figures are audits, not proofs.",
        "",
        "Verify this bundle offline with `distillgate export verify <bundle>`.",
        "",
    ]
    return "\n".join(lines)
