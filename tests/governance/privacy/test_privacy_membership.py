"""ROC metrics against brute-force oracles, and the attack runner on a real tiny model."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn

from governance.errors import ConfigError
from governance.privacy.membership import (
    auc,
    downsample_roc,
    roc_curve,
    run_membership_inference,
    tpr_at_fpr,
)
from governance.privacy.protocols import LabeledText, ScoresModel

scores = st.lists(st.integers(-5, 5).map(float), min_size=1, max_size=25)


def _oracle_auc(members: list[float], non_members: list[float]) -> float:
    wins = sum((m > n) + 0.5 * (m == n) for m in members for n in non_members)
    return wins / (len(members) * len(non_members))


def _oracle_tpr_at_fpr(members: list[float], non_members: list[float], fpr: float) -> float:
    best = 0.0
    for t in [*members, *non_members, float("inf")]:
        false_pos = sum(n >= t for n in non_members) / len(non_members)
        if false_pos <= fpr:
            best = max(best, sum(m >= t for m in members) / len(members))
    return best


@settings(max_examples=100, deadline=None)
@given(members=scores, non_members=scores)
def test_auc_equals_the_pairwise_probability(
    members: list[float], non_members: list[float]
) -> None:
    assert auc(members, non_members) == pytest.approx(_oracle_auc(members, non_members))


@settings(max_examples=100, deadline=None)
@given(members=scores, non_members=scores, fpr=st.sampled_from([0.0, 0.001, 0.01, 0.1, 0.5, 1.0]))
def test_tpr_at_fpr_equals_the_best_threshold(
    members: list[float], non_members: list[float], fpr: float
) -> None:
    assert tpr_at_fpr(members, non_members, fpr) == pytest.approx(
        _oracle_tpr_at_fpr(members, non_members, fpr)
    )


@settings(max_examples=100, deadline=None)
@given(members=scores, non_members=scores)
def test_roc_runs_monotonically_from_origin_to_corner_and_downsamples_to_its_points(
    members: list[float], non_members: list[float]
) -> None:
    curve = roc_curve(members, non_members)
    assert (curve.fpr[0], curve.tpr[0]) == (0.0, 0.0)
    assert (curve.fpr[-1], curve.tpr[-1]) == (1.0, 1.0)
    assert np.all(np.diff(curve.fpr) >= 0) and np.all(np.diff(curve.tpr) >= 0)
    points = downsample_roc(curve, max_points=8)
    on_curve = set(zip(curve.fpr.tolist(), curve.tpr.tolist(), strict=True))
    assert {(p.fpr, p.tpr) for p in points} <= on_curve
    assert (points[0].fpr, points[-1].tpr) == (0.0, 1.0)


def test_identical_distributions_give_chance_and_separated_ones_certainty() -> None:
    rng = np.random.default_rng(0)
    same = auc(rng.normal(size=5000), rng.normal(size=5000))
    assert abs(same - 0.5) < 0.02
    assert auc([2.0, 3.0, 4.0], [0.0, 1.0]) == 1.0
    assert auc([0.0, 1.0], [2.0, 3.0]) == 0.0
    assert tpr_at_fpr([2.0, 3.0], [0.0, 1.0], 0.0) == 1.0
    assert auc([1.0] * 10, [1.0] * 7) == 0.5


def test_large_roc_is_downsampled_for_the_report() -> None:
    rng = np.random.default_rng(1)
    points = downsample_roc(roc_curve(rng.normal(1, 1, 4000), rng.normal(0, 1, 4000)))
    assert 10 < len(points) <= 120
    assert [p.fpr for p in points] == sorted(p.fpr for p in points)


def test_bad_inputs_are_config_errors() -> None:
    with pytest.raises(ConfigError, match="at least one member score"):
        auc([], [1.0])
    with pytest.raises(ConfigError, match="finite"):
        auc([float("nan")], [1.0])
    with pytest.raises(ConfigError, match=r"fpr must lie in \[0, 1\]"):
        tpr_at_fpr([1.0], [0.0], 1.5)


class _Memorizer:
    """A real torch model: one embedding row per training text, so it memorises members."""

    def __init__(self, train: Sequence[LabeledText], labels: Sequence[str]) -> None:
        torch.manual_seed(0)
        self.labels = list(labels)
        self.rows = {e.text: i + 1 for i, e in enumerate(train)}  # row 0: unseen texts
        self.table = nn.Embedding(len(train) + 1, len(labels))
        targets = torch.tensor([self.labels.index(e.label) for e in train])
        ids = torch.tensor([self.rows[e.text] for e in train])
        optimizer = torch.optim.SGD(self.table.parameters(), lr=5.0)
        for _ in range(50):
            optimizer.zero_grad()
            nn.functional.cross_entropy(self.table(ids), targets).backward()
            optimizer.step()

    def _logits(self, texts: Sequence[str]) -> torch.Tensor:
        with torch.no_grad():
            out: torch.Tensor = self.table(torch.tensor([self.rows.get(t, 0) for t in texts]))
            return out

    def per_example_loss(self, texts: Sequence[str], labels: Sequence[int]) -> list[float]:
        targets = torch.tensor(list(labels))
        losses = nn.functional.cross_entropy(self._logits(texts), targets, reduction="none")
        return losses.tolist()

    def predict_proba(self, texts: Sequence[str]) -> list[list[float]]:
        return torch.softmax(self._logits(texts), dim=1).tolist()


def test_both_attacks_see_through_a_memorising_model() -> None:
    labels = ("a", "b", "c")
    members = [LabeledText(f"member ticket {i}", labels[i % 3]) for i in range(60)]
    non_members = [LabeledText(f"held out ticket {i}", labels[i % 3]) for i in range(60)]
    model = _Memorizer(members, labels)
    assert isinstance(model, ScoresModel)
    results = run_membership_inference(model, members, non_members)
    assert [r.attack for r in results] == ["loss_threshold", "confidence_threshold"]
    for result in results:
        assert result.auc == 1.0
        assert result.tpr_at_1pct_fpr == 1.0 and result.tpr_at_01pct_fpr == 1.0
        assert (result.members, result.non_members) == (60, 60)
        assert result.roc[0].fpr == 0.0 and result.roc[-1].tpr == 1.0


def test_unknown_attack_and_missing_non_members_are_config_errors() -> None:
    members = [LabeledText("x", "a")]
    model = _Memorizer(members, ("a", "b"))
    with pytest.raises(ConfigError, match="unknown membership attack 'lira'"):
        run_membership_inference(model, members, members, attacks=["lira"])
    with pytest.raises(ConfigError, match=r"labels \['z'\] are not labels of the student"):
        run_membership_inference(model, members, [LabeledText("y", "z")])
    with pytest.raises(ConfigError, match="needs members and non-members"):
        run_membership_inference(model, members, [])
