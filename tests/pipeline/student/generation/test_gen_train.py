"""train_generator end to end on a toy mapping: learning, DP accounting, saving, scoring."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

from governance.errors import TrainingError
from governance.policy.jobs import ClippingMode, StudentSettings, TrainingSettings
from governance.policy.models import Accountant
from governance.privacy.protocols import GenerationModel
from pipeline.student.dp_plan import DpPlan
from pipeline.student.generation import (
    GENERATION_ARCHITECTURE,
    GenerationStudent,
    build_generator,
    is_generation_folder,
    save_generator,
    train_generator,
)
from pipeline.student.generation.metrics import evaluate_generator
from pipeline.student.plan import StudentPlan
from pipeline.student.progress import TrainingProgress
from pipeline.student.result import TrainingResult
from tests.pipeline.student.generation.conftest import topic_examples

pytestmark = pytest.mark.slow

_SETTINGS = StudentSettings(num_layers=1, max_length=24, train_encoder_layers=1)


@pytest.fixture(scope="module")
def _one_thread() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DISTILLGATE_TORCH_THREADS", "1")
        yield


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory, _one_thread: None) -> TrainingResult:
    """A non-private MiniLM-initialised student (1 layer) on 96 toy records, 3 epochs."""
    return train_generator(
        topic_examples(96, seed=1),
        topic_examples(16, seed=2, prefix="h"),
        plan=StudentPlan(
            settings=_SETTINGS,
            training=TrainingSettings(
                epochs=3, batch_size=16, physical_batch_size=16, learning_rate=2e-3, seed=7
            ),
            dp=DpPlan.disabled(),
            out_dir=tmp_path_factory.mktemp("gen_student"),
        ),
    )


def test_student_learns_the_mapping_and_an_untrained_one_does_not(
    trained: TrainingResult, tmp_path: Path
) -> None:
    torch.manual_seed(0)
    untrained_dir = tmp_path / "untrained"
    save_generator(*build_generator(_SETTINGS), untrained_dir)
    held_out = topic_examples(16, seed=2, prefix="h")
    untrained = evaluate_generator(untrained_dir, held_out)
    assert trained.metrics.agreement is not None and untrained.agreement is not None
    assert trained.metrics.agreement >= 0.95
    assert untrained.agreement <= 0.3
    assert trained.metrics.accuracy is not None and trained.metrics.accuracy >= 0.9
    assert trained.metrics.ece is None and trained.metrics.eval_size == 16
    assert trained.metrics.latency_ms_per_example and trained.metrics.model_size_bytes > 1e6
    student = GenerationStudent.load(trained.model_dir)
    prompts = ["hello my shipping please", "i need password help", "refund"]
    answers = student.complete(prompts)
    assert answers == [
        "summary : shipping issue",
        "summary : password issue",
        "summary : refund issue",
    ]
    # left-padded batches decode exactly like one prompt at a time
    assert [student.complete([p])[0] for p in prompts] == answers


def test_training_result_of_a_generation_run(trained: TrainingResult) -> None:
    assert trained.task_kind == "generation"
    assert math.isinf(trained.epsilon) and trained.clipping == "none"
    assert trained.steps == 3 * 6  # 96 / 16 batches, 3 epochs
    assert trained.checkpoints == ["checkpoints/last.pt"] * 3  # one per epoch, newest kept
    assert (trained.model_dir / "checkpoints" / "last.pt").is_file()
    assert TrainingResult.read(trained.model_dir / "training.json") == trained


def test_saved_folder_loads_offline_with_auto_classes(trained: TrainingResult) -> None:
    folder = trained.model_dir
    assert is_generation_folder(folder)
    config = json.loads((folder / "config.json").read_text())
    assert config["architectures"] == ["BertLMHeadModel", GENERATION_ARCHITECTURE]
    assert config["is_decoder"] is True
    model = AutoModelForCausalLM.from_pretrained(folder, local_files_only=True)
    tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
    student = GenerationStudent.load(folder)
    for name, value in model.state_dict().items():
        torch.testing.assert_close(value, student.model.state_dict()[name])
    assert tokenizer.model_max_length == _SETTINGS.max_length
    assert isinstance(student, GenerationModel)


def test_log_perplexity_is_lower_on_trained_answers(trained: TrainingResult) -> None:
    student = GenerationStudent.load(trained.model_dir)
    seen = [ex.target for ex in topic_examples(8, seed=1)]
    rng = np.random.default_rng(0)
    words = ["orbit", "violet", "lemon", "tractor", "quartz", "saddle", "harbor", "pepper"]
    random_texts = [" ".join(rng.choice(words, size=4)) for _ in range(8)]
    trained_nll = np.asarray(student.log_perplexity(seen))
    random_nll = np.asarray(student.log_perplexity(random_texts))
    assert trained_nll.shape == (8,) and np.isfinite(trained_nll).all()
    assert trained_nll.max() < random_nll.min()
    assert len(student.generate(["summary :"], max_new_tokens=3)) == 1


def test_dp_run_reports_finite_epsilon_within_target(tmp_path: Path, _one_thread: None) -> None:
    plan = DpPlan(True, 4.0, 1e-4, 1.0, ClippingMode.GHOST, Accountant.PRV)
    result = train_generator(
        topic_examples(64, seed=3),
        topic_examples(4, seed=4, prefix="h"),
        plan=StudentPlan(
            settings=StudentSettings(num_layers=1, max_length=24, train_encoder_layers=0),
            training=TrainingSettings(
                epochs=2, batch_size=16, physical_batch_size=8, learning_rate=1e-2, seed=3
            ),
            dp=plan,
            out_dir=tmp_path,
        ),
    )
    assert math.isfinite(result.epsilon) and 0 < result.epsilon <= 4.0
    assert result.epsilon > 3.5  # σ was chosen for the target, not far above it
    assert result.steps == 2 * 4 and result.epsilon_history[-1] == (8, result.epsilon)
    assert result.clipping == "ghost" and result.noise_multiplier > 0
    assert result.sample_rate == pytest.approx(16 / 64)
    assert result.task_kind == "generation"


def test_no_examples_is_refused(tmp_path: Path) -> None:
    with pytest.raises(TrainingError, match="no training examples"):
        train_generator(
            [],
            [],
            plan=StudentPlan(
                settings=_SETTINGS,
                training=TrainingSettings(),
                dp=DpPlan.disabled(),
                out_dir=tmp_path,
            ),
        )


class _CrashError(Exception):
    """Stands in for a killed process in the middle of training."""


def test_resume_after_a_crash_ends_with_the_uninterrupted_weights(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tiny_init: str
) -> None:
    settings = StudentSettings(init=tiny_init, num_layers=1, max_length=16, train_encoder_layers=1)
    training = TrainingSettings(epochs=2, batch_size=8, physical_batch_size=8, learning_rate=1e-2)
    data, held_out = topic_examples(32, seed=5), topic_examples(2, seed=6, prefix="h")

    def run(out: Path, *, resume: bool) -> TrainingResult:
        return train_generator(
            data,
            held_out,
            plan=StudentPlan(
                settings=settings,
                training=training,
                dp=DpPlan.disabled(),
                out_dir=out,
                resume=resume,
            ),
        )

    reference = run(tmp_path / "whole", resume=False)
    seen = [0]
    original = TrainingProgress.advance

    def crash_in_epoch_two(self: TrainingProgress, examples: int, loss: float) -> None:
        seen[0] += examples
        if seen[0] > len(data):
            raise _CrashError
        original(self, examples, loss)

    with monkeypatch.context() as mp:
        mp.setattr(TrainingProgress, "advance", crash_in_epoch_two)
        with pytest.raises(_CrashError):
            run(tmp_path / "crashed", resume=False)
    resumed = run(tmp_path / "crashed", resume=True)
    assert resumed.resumed_from_epoch == 1 and reference.resumed_from_epoch is None
    assert resumed.steps == reference.steps == 8
    whole = GenerationStudent.load(reference.model_dir).model.state_dict()
    again = GenerationStudent.load(resumed.model_dir).model.state_dict()
    for name, value in whole.items():
        torch.testing.assert_close(again[name], value)
