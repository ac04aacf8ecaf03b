"""Generation training sets: canaries planted as teacher answers, the saved dataset clean."""

from __future__ import annotations

from pathlib import Path

import datasets

from governance.privacy.replay import extraction_prompts
from pipeline.distillation.dataset import generation_sets, save_generation_dataset
from pipeline.distillation.governed import DistilledExample


def _examples(n: int, prefix: str) -> list[DistilledExample]:
    return [
        DistilledExample(
            example_id=f"{prefix}-{i}",
            text=f"ticket {i}: my parcel is late",
            label="",
            label_index=-1,
            soft_label=None,
            ground_truth="shipping",
            target_text=f"Summary: parcel {i} is late.",
        )
        for i in range(n)
    ]


def test_canaries_are_answers_to_empty_prompts_and_never_saved(tmp_path: Path) -> None:
    train, held = _examples(30, "t"), _examples(6, "e")
    sets = generation_sets(train, held, canaries=8, repetitions=2, secret=b"k" * 32, seed=3)
    plan = sets.canaries
    assert plan is not None and plan.inserted
    by_id = {e.example_id: e for e in sets.train}
    planted = [e for e in sets.train if e.example_id.startswith("canary-")]
    assert len(planted) == 2 * len(plan.inserted)
    assert len(sets.train) == len(train) + len(planted)
    for canary in plan.inserted:
        copies = [by_id[f"{canary.canary_id}-{r}"] for r in range(2)]
        assert all(c.prompt == "" and c.target == canary.text for c in copies)
        assert canary.secret in copies[0].target
    assert all(not e.example_id.startswith("canary-") for e in sets.eval)
    assert {e.prompt for e in sets.train if not e.example_id.startswith("canary-")} == {
        e.text for e in train
    }
    # Extraction prompts are the canary sentences up to the secret: how the student saw them.
    assert all(
        p and p in c.text for p, c in zip(extraction_prompts(plan), plan.inserted, strict=True)
    )

    save_generation_dataset(tmp_path, train, held)
    saved = datasets.load_from_disk(str(tmp_path / "dataset"))
    assert saved["train"].column_names == ["example_id", "text", "target", "split"]
    assert saved["train"]["target"][0] == "Summary: parcel 0 is late."
    files = [p for p in (tmp_path / "dataset").rglob("*") if p.is_file()]
    everything = b"".join(p.read_bytes() for p in files)
    assert not [c for c in plan.canaries if c.secret.encode() in everything]


def test_no_canaries_means_no_plan() -> None:
    sets = generation_sets(
        _examples(5, "t"), _examples(2, "e"), canaries=0, repetitions=1, secret=b"k" * 32, seed=1
    )
    assert sets.canaries is None and sets.train[0].target == "Summary: parcel 0 is late."
