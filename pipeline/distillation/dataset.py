"""The distilled dataset: train/eval split, its on-disk form, and what training reads.

The saved dataset (``<run>/dataset``) holds anonymized text and teacher labels (or, for
generation, the teacher's answers) only; hidden ground truth is kept for evaluation records
alone, and canaries are never saved.
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass
from pathlib import Path

import datasets

from governance.privacy.canaries import CanaryPlan, plant_canaries
from governance.runfiles.layout import RunLayout
from pipeline.distillation.governed import DistilledExample
from pipeline.student.classifier.examples import TrainExample
from pipeline.student.generation import GenExample

__all__ = [
    "CANARY_ANSWER_LABEL",
    "GenerationSets",
    "TrainingSets",
    "generation_sets",
    "save_distilled_dataset",
    "save_generation_dataset",
    "split_examples",
    "to_gen_example",
    "to_train_example",
    "training_sets",
]

#: The one "label" of generation canaries (labels mean nothing to a generation student).
CANARY_ANSWER_LABEL = "answer"


def split_examples(
    examples: list[DistilledExample], *, eval_fraction: float, seed: int
) -> tuple[list[DistilledExample], list[DistilledExample]]:
    order = list(range(len(examples)))
    random.Random(seed).shuffle(order)  # nosec B311  # seeded, reproducible, not a secret
    n_eval = max(1, round(len(examples) * eval_fraction))
    eval_ids = set(order[:n_eval])
    train = [e for i, e in enumerate(examples) if i not in eval_ids]
    held = [e for i, e in enumerate(examples) if i in eval_ids]
    return train, held


def save_distilled_dataset(
    run_dir: Path, train: list[DistilledExample], held: list[DistilledExample]
) -> None:
    def rows(items: list[DistilledExample], split: str) -> dict[str, list[object]]:
        return {
            "example_id": [e.example_id for e in items],
            "text": [e.text for e in items],
            "label": [e.label for e in items],
            "label_index": [e.label_index for e in items],
            "soft_label": [list(e.soft_label) if e.soft_label else None for e in items],
            # Ground truth is hidden: kept for evaluation records only.
            "ground_truth": [e.ground_truth if split == "eval" else None for e in items],
            "split": [split] * len(items),
        }

    features = datasets.Features(
        {
            "example_id": datasets.Value("string"),
            "text": datasets.Value("string"),
            "label": datasets.Value("string"),
            "label_index": datasets.Value("int64"),
            "soft_label": datasets.Sequence(datasets.Value("float64")),
            "ground_truth": datasets.Value("string"),
            "split": datasets.Value("string"),
        }
    )
    dd = datasets.DatasetDict(
        {
            "train": datasets.Dataset.from_dict(rows(train, "train"), features=features),
            "eval": datasets.Dataset.from_dict(rows(held, "eval"), features=features),
        }
    )
    target = RunLayout(run_dir).dataset_dir
    if target.exists():
        shutil.rmtree(target)
    dd.save_to_disk(str(target))


def to_train_example(example: DistilledExample) -> TrainExample:
    return TrainExample(
        example_id=example.example_id,
        text=example.text,
        label=example.label_index,
        soft_label=example.soft_label,
    )


@dataclass(frozen=True)
class TrainingSets:
    """What the student trains and is evaluated on; ``canaries`` stay in memory only."""

    train: list[TrainExample]
    eval: list[TrainExample]
    ground_truth: dict[str, int]
    canaries: CanaryPlan | None


def training_sets(
    train: list[DistilledExample],
    held: list[DistilledExample],
    *,
    labels: list[str],
    canaries: int,
    repetitions: int,
    secret: bytes,
    seed: int,
) -> TrainingSets:
    """Training examples with ``canaries`` planted (each with probability 1/2), eval examples
    and the hidden ground truth of the eval split as label indices."""
    label_index = {label: i for i, label in enumerate(labels)}
    plan = (
        plant_canaries(
            [{"id": e.example_id, "text": e.text, "label": e.label} for e in train],
            count=canaries,
            repetitions=repetitions,
            secret=secret,
            seed=seed,
            text_field="text",
            labels=labels,
        )
        if canaries > 0
        else None
    )
    if plan is None:
        train_examples = [to_train_example(e) for e in train]
    else:
        by_id = {e.example_id: e for e in train}
        train_examples = []
        for row in plan.training_records:
            known = by_id.get(str(row["id"]))
            train_examples.append(
                to_train_example(known)
                if known is not None
                else TrainExample(
                    example_id=str(row["id"]),
                    text=str(row["text"]),
                    label=label_index[str(row["label"])],
                )
            )
    truth = {
        e.example_id: label_index[e.ground_truth]
        for e in held
        if e.ground_truth is not None and e.ground_truth in label_index
    }
    return TrainingSets(
        train=train_examples,
        eval=[to_train_example(e) for e in held],
        ground_truth=truth,
        canaries=plan,
    )


def save_generation_dataset(
    run_dir: Path, train: list[DistilledExample], held: list[DistilledExample]
) -> None:
    """Both splits of a generation run: redacted prompt (``text``) and teacher answer
    (``target``, after the response policy), nothing else."""

    def rows(items: list[DistilledExample], split: str) -> dict[str, list[object]]:
        return {
            "example_id": [e.example_id for e in items],
            "text": [e.text for e in items],
            "target": [e.target_text or "" for e in items],
            "split": [split] * len(items),
        }

    features = datasets.Features(
        {name: datasets.Value("string") for name in ("example_id", "text", "target", "split")}
    )
    dd = datasets.DatasetDict(
        {
            "train": datasets.Dataset.from_dict(rows(train, "train"), features=features),
            "eval": datasets.Dataset.from_dict(rows(held, "eval"), features=features),
        }
    )
    target = RunLayout(run_dir).dataset_dir
    if target.exists():
        shutil.rmtree(target)
    dd.save_to_disk(str(target))


def to_gen_example(example: DistilledExample) -> GenExample:
    return GenExample(
        example_id=example.example_id, prompt=example.text, target=example.target_text or ""
    )


@dataclass(frozen=True)
class GenerationSets:
    """What a generation student trains and is evaluated on; ``canaries`` stay in memory."""

    train: list[GenExample]
    eval: list[GenExample]
    canaries: CanaryPlan | None


def generation_sets(
    train: list[DistilledExample],
    held: list[DistilledExample],
    *,
    canaries: int,
    repetitions: int,
    secret: bytes,
    seed: int,
) -> GenerationSets:
    """Training records with ``canaries`` planted (each with probability 1/2) as teacher
    answers, and the eval records.

    A planted canary is the worst case of a teacher echoing a secret: its whole sentence,
    secret included, is the *target*. Its prompt is empty because the privacy evaluation
    reads a generation student exactly that way (``GenerationStudent.log_perplexity`` scores
    a text as the answer to an empty prompt and ``generate`` continues a canary prefix as
    one), so exposure, the one-run audit and extraction measure what training saw.
    """
    plan = (
        plant_canaries(
            [{"id": e.example_id, "prompt": e.text, "target": e.target_text or ""} for e in train],
            count=canaries,
            repetitions=repetitions,
            secret=secret,
            seed=seed,
            text_field="target",
            labels=[CANARY_ANSWER_LABEL],
        )
        if canaries > 0
        else None
    )
    if plan is None:
        train_examples = [to_gen_example(e) for e in train]
    else:
        by_id = {e.example_id: e for e in train}
        train_examples = [
            to_gen_example(by_id[str(row["id"])])
            if str(row["id"]) in by_id
            else GenExample(example_id=str(row["id"]), prompt="", target=str(row["target"]))
            for row in plan.training_records
        ]
    return GenerationSets(
        train=train_examples, eval=[to_gen_example(e) for e in held], canaries=plan
    )
