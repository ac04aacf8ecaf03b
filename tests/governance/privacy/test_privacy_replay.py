"""PII replay of generated outputs and canary extraction from a generation student."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from governance.privacy.canaries import CanaryPlan, plant_canaries
from governance.privacy.protocols import GenerationModel
from governance.privacy.replay import extraction_prompts, replay_outputs, run_extraction


@dataclass(frozen=True)
class _Finding:
    entity_type: str
    start: int
    end: int


class _EmailScanner:
    """A scanner with the ``PiiGateway.scan`` shape (the gateway itself is tested in pii/)."""

    def scan(self, text: str) -> list[_Finding]:
        return [
            _Finding("EMAIL_ADDRESS", m.start(), m.end())
            for m in re.finditer(r"[\w.]+@[\w.]+\.\w+", text)
        ]


def _plan() -> CanaryPlan:
    return plant_canaries(
        [{"id": "r", "text": "ticket", "label": "a"}],
        count=12,
        repetitions=1,
        secret=b"r" * 32,
        seed=11,
        text_field="text",
        labels=("a",),
    )


def test_outputs_with_pii_and_canaries_are_counted_by_digest_only() -> None:
    plan = _plan()
    card = next(c for c in plan.canaries if c.kind == "card")
    ssn = next(c for c in plan.canaries if c.kind == "ssn")
    outputs = [
        "thanks, we will get back to you",
        "write to jane.doe@example.com for help",
        f"card on file: {card.secret.replace(' ', '')}",  # reformatted: matched by digits
        f"the SSN is {ssn.secret}",
    ]
    replay = replay_outputs(outputs, plan=plan, scanner=_EmailScanner())
    assert (replay.outputs, replay.outputs_with_hits) == (4, 3)
    assert replay.entity_counts == {"EMAIL_ADDRESS": 1}
    assert set(replay.canary_digests_found) == {card.digest, ssn.digest}
    assert replay.hits == 3
    assert card.secret not in repr(replay) and ssn.secret not in repr(replay)


def test_clean_outputs_have_no_hits_and_no_scanner_means_canaries_only() -> None:
    plan = _plan()
    assert replay_outputs(["all good"], plan=plan, scanner=_EmailScanner()).hits == 0
    replay = replay_outputs(["mail a@b.org"], plan=plan, scanner=None)
    assert replay.hits == 0 and replay.entity_counts == {}


class _ParrotStudent:
    """A generation student that memorised some training sentences verbatim."""

    def __init__(self, memorised: Sequence[str]) -> None:
        self.memorised = list(memorised)

    def log_perplexity(self, texts: Sequence[str]) -> list[float]:
        return [0.1 if t in self.memorised else 3.0 for t in texts]

    def generate(self, prompts: Sequence[str], *, max_new_tokens: int) -> list[str]:
        outputs = []
        for prompt in prompts:
            match = next((m for m in self.memorised if m.startswith(prompt)), None)
            outputs.append(match[len(prompt) :] if match else " no idea.")
        return outputs


def test_extraction_finds_memorised_canaries() -> None:
    plan = _plan()
    leaked = plan.inserted[:2]
    student = _ParrotStudent([c.text for c in leaked])
    assert isinstance(student, GenerationModel)
    assert len(extraction_prompts(plan)) == len(plan.inserted)
    assert all(
        c.secret not in p for c, p in zip(plan.inserted, extraction_prompts(plan), strict=True)
    )
    replay = run_extraction(student, plan, scanner=None)
    assert set(replay.canary_digests_found) == {c.digest for c in leaked}
    assert replay.outputs == len(plan.inserted)
