"""``GenerationStudent``: a saved generation student folder, ready for CPU inference.

It satisfies :class:`governance.privacy.protocols.GenerationModel` (``log_perplexity``,
``generate``) for exposure and PII replay, and answers record prompts with :meth:`complete`
in exactly the format it was trained on (``[CLS] prompt [SEP] answer [SEP]``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import torch
from transformers import (
    AutoModelForCausalLM,
    AutoTokenizer,
    PreTrainedModel,
    PreTrainedTokenizerBase,
)

from governance.errors import TrainingError
from pipeline.student.backbone import offline
from pipeline.student.generation.examples import AnswerFormat, collate_answers, encode_answers
from pipeline.student.generation.loss import AnswerTokenLoss

__all__ = ["GenerationStudent"]

_BATCH = 32


def _batches(count: int, size: int) -> Iterator[slice]:
    for start in range(0, count, size):
        yield slice(start, min(start + size, count))


class GenerationStudent:
    """A causal LM student and its tokenizer (eval mode, no gradients)."""

    def __init__(self, model: PreTrainedModel, tokenizer: PreTrainedTokenizerBase) -> None:
        model.eval()  # type: ignore[no-untyped-call]
        self.model = model
        self.tokenizer = tokenizer
        self.format = AnswerFormat.from_tokenizer(tokenizer)
        self.max_positions = int(getattr(model.config, "max_position_embeddings", 512))
        self.max_length = int(min(tokenizer.model_max_length, self.max_positions))

    @classmethod
    def load(cls, folder: Path) -> GenerationStudent:
        """Load a folder written by ``train_generator`` (never downloads anything)."""
        offline()
        folder = Path(folder)
        if not (folder / "config.json").is_file():
            raise TrainingError(f"{folder} is not a student folder (no config.json)")
        try:
            tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)  # nosec B615  # local files only, nothing is downloaded
            model = AutoModelForCausalLM.from_pretrained(folder, local_files_only=True)  # nosec B615  # local files only, nothing is downloaded
        except (OSError, ValueError) as exc:
            raise TrainingError(f"cannot load the generation student in {folder}: {exc}") from exc
        return cls(model, tokenizer)

    def _logits(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        with torch.inference_mode():
            logits: torch.Tensor = self.model(input_ids=ids, attention_mask=mask).logits
        return logits

    def _nll(self, prompts: Sequence[str], answers: Sequence[str], *, with_end: bool) -> np.ndarray:
        data = encode_answers(
            prompts, answers, self.tokenizer, max_length=self.max_length, with_end=with_end
        )
        loss = AnswerTokenLoss(reduction="none")
        out = []
        for part in _batches(len(data), _BATCH):
            items = [data[i] for i in range(part.start, part.stop)]
            ids, mask, positions, labels = collate_answers(items, self.format.pad_id)
            logits = self._logits(ids, mask)
            index = positions.unsqueeze(-1).expand(-1, -1, logits.size(-1))
            out.append(loss(logits.gather(1, index), labels).numpy())
        if not out:
            return np.zeros(0, dtype=np.float32)
        return np.concatenate(out).astype(np.float32)

    def log_perplexity(self, texts: Sequence[str]) -> np.ndarray:
        """Mean per-token negative log-likelihood of each text written as an answer
        (``[CLS] [SEP] text``; lower: more likely), shape ``[len(texts)]``."""
        return self._nll([""] * len(texts), texts, with_end=False)

    def answer_log_perplexity(self, prompts: Sequence[str], answers: Sequence[str]) -> np.ndarray:
        """Mean per-token NLL of each answer (and its end token) after its prompt."""
        return self._nll(prompts, answers, with_end=True)

    def _next_tokens(self, ids: torch.Tensor, mask: torch.Tensor) -> list[int]:
        """Greedy next token of each left-padded row (logits at the last position only)."""
        positions = (mask.cumsum(dim=1) - 1).clamp_min(0)
        with torch.inference_mode():
            logits = self.model(
                input_ids=ids, attention_mask=mask, position_ids=positions, logits_to_keep=1
            ).logits
        chosen: list[int] = logits[:, -1].argmax(dim=-1).tolist()
        return chosen

    def _greedy(self, rows: list[list[int]], max_new_tokens: int) -> list[list[int]]:
        """Greedy continuation of each token row until the end token or the token budget.

        Rows are left-padded (with per-row position ids), so every row's next token is read
        at the last position; finished rows are dropped from the batch.
        """
        out: list[list[int]] = [[] for _ in rows]
        for part in _batches(len(rows), _BATCH):
            live = list(range(part.start, part.stop))
            seqs = {i: list(rows[i]) for i in live}
            for _ in range(max_new_tokens):
                width = max(len(seqs[i]) for i in live)
                ids = torch.full((len(live), width), self.format.pad_id, dtype=torch.long)
                mask = torch.zeros(len(live), width, dtype=torch.long)
                for row, i in enumerate(live):
                    ids[row, width - len(seqs[i]) :] = torch.tensor(seqs[i])
                    mask[row, width - len(seqs[i]) :] = 1
                still = []
                for i, token in zip(live, self._next_tokens(ids, mask), strict=True):
                    if token != self.format.end_id:
                        seqs[i].append(token)
                        out[i].append(token)
                        still.append(i)
                live = still
                if not live:
                    break
        return out

    def _prompt_ids(self, texts: Sequence[str], *, budget: int) -> list[list[int]]:
        if not texts:
            return []
        rows: list[list[int]] = self.tokenizer(list(texts), add_special_tokens=False)["input_ids"]
        return [row[: max(0, budget)] for row in rows]

    def _budget(self, max_new_tokens: int) -> int:
        """Prompt tokens kept: as in training for an answer of ``max_new_tokens`` tokens, but
        at least half of ``max_length``, and always within the position embeddings."""
        kept = max(self.max_length // 2, self.max_length - 3 - max_new_tokens)
        return min(kept, self.max_positions - 2 - max_new_tokens)

    def _decode(self, rows: list[list[int]]) -> list[str]:
        return [str(self.tokenizer.decode(r, skip_special_tokens=True)).strip() for r in rows]

    def generate(self, prompts: Sequence[str], *, max_new_tokens: int) -> list[str]:
        """Greedy continuations of text prefixes, each continued as an answer
        (``[CLS] [SEP] prefix ...``); returns only the new text."""
        if max_new_tokens < 1:
            return ["" for _ in prompts]
        fmt = self.format
        rows = [
            [fmt.start_id, fmt.sep_id, *ids]
            for ids in self._prompt_ids(prompts, budget=self._budget(max_new_tokens))
        ]
        return self._decode(self._greedy(rows, max_new_tokens))

    def complete(self, prompts: Sequence[str], *, max_new_tokens: int = 48) -> list[str]:
        """The student's greedy answer to each record prompt (``[CLS] prompt [SEP] ...``)."""
        if max_new_tokens < 1:
            return ["" for _ in prompts]
        fmt = self.format
        rows = [
            fmt.sequence(ids, [], with_end=False)
            for ids in self._prompt_ids(prompts, budget=self._budget(max_new_tokens))
        ]
        return self._decode(self._greedy(rows, max_new_tokens))
