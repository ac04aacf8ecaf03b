"""An on-prem teacher: any ``transformers`` model folder on local disk.

Classification tasks load a sequence-classification model whose ``id2label`` names exactly
the task's labels; its softmax gives the soft labels. Generation tasks load a causal LM and
decode greedily. Nothing is downloaded; concurrent calls are micro-batched.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch

from governance.errors import ConfigError
from governance.jsontypes import JsonObject
from governance.policy.models import TeacherProvider
from pipeline.teacher._batching import MicroBatcher
from pipeline.teacher.base import (
    TaskSpec,
    Teacher,
    TeacherRequest,
    TeacherResponse,
    TeacherStats,
    TokenUsage,
    record_text_of,
)

__all__ = ["HfLocalTeacher"]


class HfLocalTeacher(Teacher):
    """Sequence classifier (classification) or causal LM (generation) from ``model_dir``."""

    provider = TeacherProvider.TRANSFORMERS

    def __init__(
        self,
        task: TaskSpec,
        *,
        model_dir: Path,
        max_length: int = 256,
        max_new_tokens: int = 64,
        batch_size: int = 16,
    ) -> None:
        from transformers import (
            AutoModelForCausalLM,
            AutoModelForSequenceClassification,
            AutoTokenizer,
        )

        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        folder = Path(model_dir).expanduser()
        if not (folder / "config.json").is_file():
            raise ConfigError(
                f"no transformers model folder at {folder}",
                hint="teacher.model must be a local folder with config.json, weights "
                "and tokenizer files",
            )
        loader = (
            AutoModelForSequenceClassification
            if task.kind == "classification"
            else AutoModelForCausalLM
        )
        try:
            self._tokenizer: Any = AutoTokenizer.from_pretrained(folder, local_files_only=True)  # nosec B615  # local files only, nothing is downloaded
            self._model: Any = loader.from_pretrained(folder, local_files_only=True)
        except (OSError, ValueError, KeyError) as exc:
            raise ConfigError(
                f"cannot load the teacher model from {folder}: {type(exc).__name__}",
                hint="check the folder holds a model of the kind the task needs",
            ) from None
        self._model.eval()
        self.model = str(folder)
        self.stats = TeacherStats()
        self._task = task
        self._max_length = max_length
        self._max_new_tokens = max_new_tokens
        self._order: list[int] = []
        fn: Callable[[list[str]], list[TeacherResponse]]
        if task.kind == "classification":
            self._order = self._label_order()
            fn = self._classify
        else:
            if self._tokenizer.pad_token_id is None:
                self._tokenizer.pad_token = self._tokenizer.eos_token
            self._tokenizer.padding_side = "left"
            fn = self._generate
        self._batcher: MicroBatcher[str, TeacherResponse] = MicroBatcher(fn, max_batch=batch_size)

    def _label_order(self) -> list[int]:
        id2label = self._model.config.id2label
        names = [str(id2label[i]) for i in range(len(id2label))]
        if sorted(names) != sorted(self._task.labels):
            raise ConfigError(
                f"the model's labels {sorted(names)} do not match the task's labels "
                f"{sorted(self._task.labels)}",
                hint="set task.labels to the model's id2label names",
            )
        return [names.index(label) for label in self._task.labels]

    def generation_config(self) -> JsonObject:
        return {"max_length": self._max_length, "max_new_tokens": self._max_new_tokens}

    def _classify(self, texts: list[str]) -> list[TeacherResponse]:
        batch = self._tokenizer(
            texts, padding=True, truncation=True, max_length=self._max_length, return_tensors="pt"
        )
        with torch.inference_mode():
            logits = self._model(**batch).logits[:, self._order]
        probs = torch.softmax(logits.float(), dim=-1).tolist()
        lengths = batch["attention_mask"].sum(1).tolist()
        labels = self._task.labels
        responses = []
        for row, length in zip(probs, lengths, strict=True):
            best = labels[max(range(len(labels)), key=row.__getitem__)]
            responses.append(
                TeacherResponse(
                    text=best,
                    label=best,
                    probabilities=dict(zip(labels, row, strict=True)),
                    usage=TokenUsage(input_tokens=int(length)),
                    model=self.model,
                )
            )
        return responses

    def _generate(self, prompts: list[str]) -> list[TeacherResponse]:
        batch = self._tokenizer(
            prompts,
            padding=True,
            truncation=True,
            max_length=self._max_length,
            return_tensors="pt",
        )
        with torch.inference_mode():
            out = self._model.generate(
                **batch,
                max_new_tokens=self._max_new_tokens,
                do_sample=False,
                pad_token_id=self._tokenizer.pad_token_id,
            )
        new = out[:, batch["input_ids"].shape[1] :]
        texts = self._tokenizer.batch_decode(new, skip_special_tokens=True)
        lengths = batch["attention_mask"].sum(1).tolist()
        responses = []
        for text, length, ids in zip(texts, lengths, new.tolist(), strict=True):
            produced = sum(1 for i in ids if i != self._tokenizer.pad_token_id)
            responses.append(
                TeacherResponse(
                    text=text.strip(),
                    label=None,
                    probabilities=None,
                    usage=TokenUsage(input_tokens=int(length), output_tokens=produced),
                    model=self.model,
                )
            )
        return responses

    async def complete(self, request: TeacherRequest) -> TeacherResponse:
        text = request.prompt
        if self._task.kind == "classification":
            text = record_text_of(text)
        self.stats.in_flight += 1
        try:
            response = await self._batcher.submit(text)
        except Exception:
            self.stats.failed += 1
            raise
        finally:
            self.stats.in_flight -= 1
        self.stats.record(response)
        return response
