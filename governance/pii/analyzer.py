"""The PII analyzer: normalization, recognizers, spaCy NER, context and conflict resolution.

Built once per policy by :func:`build_analyzer`; fully offline (tldextract uses its bundled
suffix snapshot). Batch scanning runs spaCy's ``nlp.pipe`` over the NER component only;
``n_process > 1`` uses a persistent :class:`~governance.pii.pool.PiiWorkerPool`.
"""

from __future__ import annotations

import dataclasses
import itertools
import logging
import math
import re
from collections import deque
from collections.abc import Iterable, Iterator, Sequence, Sized
from dataclasses import dataclass
from typing import Any, cast

from spacy.language import Language
from spacy.tokens import Doc

from governance.catalog.registry import NER_LABELS as REGISTRY_NER_LABELS
from governance.pii.conflicts import resolve_conflicts
from governance.pii.context import adjust_score
from governance.pii.name_gazetteer import load_gazetteer
from governance.pii.name_propagation import propagate_names
from governance.pii.ner_decoder import GreedyNerDecoder, use_numpy_decoder
from governance.pii.ner_spans import clean_person, keep_location, person_span
from governance.pii.normalize import NormalizedText, join_digits, normalize
from governance.pii.pool import DEFAULT_CHUNK_SIZE, PiiWorkerPool
from governance.pii.recognizers import (
    RecognizerSpec,
    build_custom_recognizers,
    build_registry_recognizers,
)
from governance.pii.spacy_loader import load_ner_pipeline
from governance.pii.types import PiiFinding
from governance.pii.windows import scan_in_windows
from governance.policy.models import PromptRules

__all__ = ["NER_LABELS", "PLACEHOLDER", "AnalyzerRecipe", "PiiAnalyzer", "build_analyzer"]

_log = logging.getLogger(__name__)

#: spaCy label -> (entity type, score), from the registry. ORG is deliberately not mapped.
NER_LABELS: dict[str, tuple[str, float]] = REGISTRY_NER_LABELS
#: Anonymizer output (``<PERSON_3>``, ``<EMAIL_ADDRESS>``, keyed hashes, masks) is never PII.
PLACEHOLDER = re.compile(r"<[A-Z][A-Z0-9_]*(?:_[0-9a-f]+)?>|\*{3,}[^\s*]{0,16}")
_NOT_NAMES: frozenset[str] = frozenset(
    {
        "ssn",
        "refund",
        "refunds",
        "login",
        "logon",
        "password",
        "account",
        "card",
        "credit",
        "debit",
        "iban",
        "email",
        "e-mail",
        "phone",
        "tel",
        "fax",
        "mobile",
        "cell",
        "address",
        "order",
        "invoice",
        "billing",
        "support",
        "help",
        "customer",
        "service",
        "team",
        "admin",
        "user",
        "username",
        "subscription",
        "payment",
        "charge",
        "chargeback",
        "dispute",
        "cancel",
        "cancellation",
        "upgrade",
        "downgrade",
        "plan",
        "premium",
        "pro",
        "api",
        "app",
        "website",
        "portal",
        "dashboard",
        "vpn",
        "wifi",
        "router",
        "modem",
        "pin",
        "otp",
        "cvv",
        "dob",
        "id",
        "itin",
        "ein",
        "zip",
        "hi",
        "hello",
        "hey",
        "thanks",
        "regards",
        "dear",
        "sir",
        "madam",
        "mr",
        "mrs",
        "ms",
        "dr",
    }
)
_MONTH_OR_DIGIT = re.compile(
    r"\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b", re.IGNORECASE
)
_LONG_DIGITS = re.compile(r"\d{7,}")
#: Quotes the NER sometimes takes into an entity (``Okonkwo'`` in ``'Ngozi Okonkwo'``).
_QUOTES = frozenset("'\"`’”")
#: Punctuation the NER sometimes takes after a name.
_TRAILING = frozenset(",;:.!?")
#: Characters no name or place holds: markup, placeholders (``IBAN <IBAN_CODE_…>``), masks.
_NOT_IN_NAMES = frozenset("@/<>[]{}*_|=#")


def _trim_trailing_punctuation(text: str, first: int, last: int) -> int:
    """End of a name without the punctuation the NER took after it (``Mr Okonkwo,``); the
    full stop of an initial stays (``John F.``)."""
    while last > first and text[last - 1] in _TRAILING:
        if (
            text[last - 1] == "."
            and last - first >= 2
            and text[last - 2].isupper()
            and (last - first == 2 or not text[last - 3].isalpha())
        ):
            break
        last -= 1
    return last


_DEFAULT_THRESHOLD = 0.5
#: Smallest chunk handed to a worker when the input is split to balance the processes.
_MIN_CHUNK = 16


@dataclass(frozen=True)
class _Raw:
    entity_type: str
    start: int
    end: int
    score: float
    recognizer: str


@dataclass(frozen=True)
class AnalyzerRecipe:
    """How :func:`build_analyzer` built an analyzer: enough to rebuild it in a new process."""

    rules: PromptRules
    spacy_model: str | None
    score_threshold: float

    def build(self) -> PiiAnalyzer:
        """A new analyzer with the same rules, model and threshold."""
        return build_analyzer(
            self.rules, spacy_model=self.spacy_model, score_threshold=self.score_threshold
        )


class PiiAnalyzer:
    """Scans texts for PII. Construct with :func:`build_analyzer`."""

    def __init__(
        self,
        nlp: Language,
        specs: list[RecognizerSpec],
        *,
        allow_list: Sequence[str],
        score_threshold: float,
        recipe: AnalyzerRecipe | None = None,
    ) -> None:
        self.nlp = nlp
        self.recipe = recipe
        self.specs = tuple(specs)
        self.score_threshold = score_threshold
        terms = sorted({t.strip() for t in allow_list if t.strip()}, key=len, reverse=True)
        self._allow = (
            re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, terms)) + r")(?!\w)", re.I)
            if terms
            else None
        )
        self._digit_specs = tuple(s for s in specs if s.digits_view)
        self._pool: PiiWorkerPool | None = None
        self._decoder = GreedyNerDecoder.for_pipeline(nlp) if use_numpy_decoder() else None
        self._gazetteer = load_gazetteer()

    def _docs(self, texts: Iterable[str], *, batch_size: int) -> Iterator[Doc]:
        """spaCy docs with entities, in order: tokenized by spaCy, decoded in numpy
        (:mod:`governance.pii.ner_decoder`) or, for models it does not cover, by spaCy."""
        if self._decoder is None:
            yield from self.nlp.pipe(texts, batch_size=batch_size)
            return
        docs = (self.nlp.make_doc(text) for text in texts)
        while batch := list(itertools.islice(docs, batch_size)):
            self._decoder.annotate(batch)
            yield from batch

    # -- one document -------------------------------------------------------------------
    def _run(self, specs: Iterable[RecognizerSpec], view: NormalizedText) -> Iterator[_Raw]:
        for spec in specs:
            rec = spec.recognizer
            name = str(getattr(rec, "name", type(rec).__name__))
            results = rec.analyze(view.text, rec.supported_entities, cast(Any, None))
            for res in results:
                if res.end <= res.start:
                    continue
                score = adjust_score(
                    view.text,
                    res.start,
                    res.end,
                    entity_type=res.entity_type,
                    score=res.score,
                    context=spec.context,
                )
                start, end = view.to_original(res.start, res.end)
                yield _Raw(res.entity_type, start, end, score, name)

    def _ner(self, doc: Doc, view: NormalizedText) -> Iterator[_Raw]:
        # The doc was made from view.text, and spaCy keeps every character: slice the string
        # rather than ask the doc (Doc.text rebuilds the string from its tokens on each call).
        source = view.text
        for ent in doc.ents:
            mapped = NER_LABELS.get(ent.label_)
            if mapped is None:
                continue
            entity_type, score = mapped
            text = source[ent.start_char : ent.end_char].strip()
            if text.lower() in _NOT_NAMES or (
                not any(c.isalpha() for c in text) and entity_type != "DATE_TIME"
            ):
                continue
            if entity_type == "DATE_TIME" and (
                not _MONTH_OR_DIGIT.search(text) or _LONG_DIGITS.search(text)
            ):
                continue
            if entity_type != "DATE_TIME" and any(c.isdigit() or c in _NOT_IN_NAMES for c in text):
                continue
            if entity_type == "PERSON" and text.isupper() and len(text) <= 5:
                continue
            if entity_type == "DATE_TIME" and text.isdigit() and len(text) != 4:
                continue
            first, last = ent.start_char, ent.end_char
            while last > first and source[last - 1] in _QUOTES:
                last -= 1
            while first < last and source[first] in _QUOTES:
                first += 1
            if entity_type == "PERSON":
                last = _trim_trailing_punctuation(source, first, last)
                kept = person_span(source, first, last, gazetteer=self._gazetteer)
                if kept is None:
                    continue
                first, last = kept
            elif entity_type == "LOCATION" and not keep_location(
                source, first, last, gazetteer=self._gazetteer
            ):
                continue
            start, end = view.to_original(first, last)
            yield _Raw(entity_type, start, end, score, f"spacy_{ent.label_.lower()}")

    def _blocked_spans(self, view: NormalizedText) -> list[tuple[int, int]]:
        spans = [view.to_original(m.start(), m.end()) for m in PLACEHOLDER.finditer(view.text)]
        if self._allow is not None:
            spans += [view.to_original(m.start(), m.end()) for m in self._allow.finditer(view.text)]
        return spans

    def _analyze_doc(self, text: str, view: NormalizedText, doc: Doc) -> list[PiiFinding]:
        raws = list(self._run(self.specs, view))
        joined = join_digits(view)
        if joined is not view:
            raws.extend(self._run(self._digit_specs, joined))
        raws.extend(self._ner(doc, view))
        blocked = self._blocked_spans(view)
        findings = [
            PiiFinding(r.entity_type, r.start, r.end, r.score, r.recognizer)
            for r in raws
            if r.score >= self.score_threshold
            and not any(a <= r.start and r.end <= b for a, b in blocked)
        ]
        resolved = resolve_conflicts(text, findings)
        cleaned = [c for f in resolved if (c := self._clean_person(text, f)) is not None]
        return propagate_names(text, cleaned, min_score=self.score_threshold)

    def _clean_person(self, text: str, finding: PiiFinding) -> PiiFinding | None:
        """A PERSON trimmed of greetings in front, or None (:func:`clean_person`)."""
        if finding.entity_type != "PERSON":
            return finding
        kept = clean_person(text, finding.start, finding.end, gazetteer=self._gazetteer)
        if kept is None:
            return None
        return dataclasses.replace(finding, start=kept[0], end=kept[1])

    # -- public API ---------------------------------------------------------------------
    def analyze(self, text: str) -> list[PiiFinding]:
        """Findings in ``text``, offsets into ``text`` itself, sorted by start."""
        return next(self.analyze_batch([text], batch_size=1))

    def analyze_batch(
        self, texts: Iterable[str], *, batch_size: int = 256, n_process: int = 1
    ) -> Iterator[list[PiiFinding]]:
        """Findings per text, in order, streaming (``nlp.pipe`` batches the NER).

        ``n_process > 1`` scans chunks of at most ``batch_size`` texts in the persistent
        worker pool of :meth:`worker_pool` (started on first use, kept for later calls).
        """
        if n_process > 1:
            pool = self.worker_pool(n_process)
            yield from pool.scan(texts, chunk_size=_chunk_size(texts, batch_size, n_process))
            return
        # Long texts are scanned in overlapping windows (governance/pii/windows.py).
        yield from scan_in_windows(texts, lambda ts: self._scan_stream(ts, batch_size=batch_size))

    def _scan_stream(self, texts: Iterable[str], *, batch_size: int) -> Iterator[list[PiiFinding]]:
        pending: deque[tuple[str, NormalizedText]] = deque()

        def views() -> Iterator[str]:
            for text in texts:
                view = normalize(text)
                pending.append((text, view))
                yield view.text

        for doc in self._docs(views(), batch_size=batch_size):
            text, view = pending.popleft()
            yield self._analyze_doc(text, view, doc)

    def worker_pool(self, processes: int) -> PiiWorkerPool:
        """This analyzer's persistent pool of ``processes`` workers, started on first use;
        replaced when another size is asked for or after a worker failure."""
        pool = self._pool
        if pool is None or pool.closed or pool.processes != processes:
            if pool is not None:
                pool.close()
            pool = self._pool = PiiWorkerPool(self, processes=processes)
        return pool

    def close(self) -> None:
        """Stop the worker processes, if any (a later parallel scan starts new ones)."""
        if self._pool is not None:
            self._pool.close()
            self._pool = None


def _chunk_size(texts: Iterable[str], batch_size: int, processes: int) -> int:
    """``batch_size`` (capped) for a stream; for a known length, small enough that every
    process gets at least two chunks."""
    size = min(batch_size, DEFAULT_CHUNK_SIZE)
    if isinstance(texts, Sized):
        size = min(size, max(_MIN_CHUNK, math.ceil(len(texts) / (2 * processes))))
    return max(1, size)


def build_analyzer(
    rules: PromptRules, *, spacy_model: str | None = None, score_threshold: float | None = None
) -> PiiAnalyzer:
    """An analyzer for ``rules``: the registry's recognizers for ``rules.countries`` (all
    supported countries when empty), the policy's custom recognizers and its allow list.

    ``spacy_model``: package name or path (default: the model of ``rules.language``, see
    :mod:`governance.catalog.languages`). ``score_threshold``: findings below it are
    dropped; default the smallest ``min_score`` of the rules (at most 0.5).
    """
    specs = build_registry_recognizers(rules.countries) + build_custom_recognizers(
        list(rules.custom_recognizers)
    )
    if score_threshold is None:
        score_threshold = min([_DEFAULT_THRESHOLD, *(r.min_score for r in rules.entities.values())])
    nlp = load_ner_pipeline(spacy_model, language=rules.language)
    recipe = AnalyzerRecipe(rules, spacy_model, score_threshold)
    return PiiAnalyzer(
        nlp, specs, allow_list=rules.allow_list, score_threshold=score_threshold, recipe=recipe
    )
