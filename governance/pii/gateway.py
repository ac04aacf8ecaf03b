"""The PII gateway every teacher prompt and response passes through."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence, Sized

from tqdm import tqdm

from governance.errors import PiiError
from governance.pii.analyzer import PiiAnalyzer, build_analyzer
from governance.pii.anonymize import PlannedAction, apply_actions
from governance.pii.decisions import PromptDecision, ResponseDecision, ResponseOutcome
from governance.pii.operators import OperatorContext, PseudonymTable
from governance.pii.scan_cache import ScanCache
from governance.pii.types import PiiFinding
from governance.policy.models import EntityAction, EntityRule, Policy, ResponseViolationAction

__all__ = ["DEFAULT_BATCH_SIZE", "PiiGateway"]

DEFAULT_BATCH_SIZE = 256
_MIN_SECRET_BYTES = 16
_RESPONSE_TEXT_ACTIONS = frozenset(
    {
        EntityAction.REDACT,
        EntityAction.REPLACE,
        EntityAction.MASK,
        EntityAction.HASH,
        EntityAction.PSEUDONYMIZE,
    }
)


class PiiGateway:
    """Scans and anonymizes texts as one policy says. Build with :meth:`from_policy`.

    The whole surface, every method taking many texts:

    - :meth:`scan`: findings per text (batched, cached); decides nothing;
    - :meth:`stream`: the same over an iterable, in constant memory (the streaming form);
    - :meth:`decide_prompts`: prompts anonymized or blocked per ``policy.prompt``;
      :meth:`acted_on` says which findings those decisions act on, without deciding;
    - :meth:`decide_responses`: teacher responses checked per ``policy.response``;
    - :meth:`close`: stops worker processes a parallel scan started.

    Scans and decisions are separate so that scans can run ahead, in workers or shards,
    while decisions (which assign pseudonyms) stay in order on one thread.
    """

    def __init__(self, policy: Policy, analyzer: PiiAnalyzer, *, secret: bytes) -> None:
        if len(secret) < _MIN_SECRET_BYTES:
            raise PiiError(
                f"PII secret too short ({len(secret)} bytes)",
                hint="use governance.pii.secret.load_or_create_pii_secret()",
            )
        self.policy = policy
        self.analyzer = analyzer
        self._context = OperatorContext(secret=secret, pseudonyms=PseudonymTable(secret))
        #: Findings of short texts seen before (repeated teacher responses); exact-text keyed.
        self.scan_cache = ScanCache()

    @classmethod
    def from_policy(
        cls, policy: Policy, *, secret: bytes, spacy_model: str | None = None
    ) -> PiiGateway:
        """Gateway for ``policy`` keyed by ``secret`` (see ``load_or_create_pii_secret``)."""
        thresholds = [0.5, policy.response.min_score]
        thresholds += [r.min_score for r in policy.prompt.entities.values()]
        analyzer = build_analyzer(
            policy.prompt, spacy_model=spacy_model, score_threshold=min(thresholds)
        )
        return cls(policy, analyzer, secret=secret)

    # -- scanning (decides nothing: safe to run ahead, in a worker, or for probes) ----------
    def scan(
        self, texts: Sequence[str], *, progress: bool = False, n_process: int = 1
    ) -> list[list[PiiFinding]]:
        """Findings per text, in order, offsets into each text. Batched through the NER;
        repeated short texts (e.g. teacher responses) come from the cache.

        Nothing is decided and no pseudonym is assigned, so it may run ahead of the
        decisions, e.g. for the next micro-batch while the teacher answers this one.
        """
        results = [self.scan_cache.get(t) for t in texts]
        missing = [i for i, found in enumerate(results) if found is None]
        if missing:
            scans = self.stream([texts[i] for i in missing], progress=progress, n_process=n_process)
            for i, findings in zip(missing, scans, strict=True):
                self.scan_cache.put(texts[i], findings)
                results[i] = findings
        return [found or [] for found in results]

    def stream(
        self,
        texts: Iterable[str],
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        progress: bool = False,
        n_process: int = 1,
    ) -> Iterator[list[PiiFinding]]:
        """Findings per text of a stream, in order, in constant memory (no cache).

        The one streaming form: ``distillgate scan`` reads JSONL through it, and an engine
        that shards texts across workers calls it per shard. ``n_process > 1``: the
        analyzer's persistent worker pool scans the texts (stopped by :meth:`close`).
        """
        results = self.analyzer.analyze_batch(texts, batch_size=batch_size, n_process=n_process)
        total = len(texts) if isinstance(texts, Sized) else None
        yield from tqdm(results, disable=not progress, unit="doc", total=total, file=sys.stderr)

    def close(self) -> None:
        """Stop the analyzer's worker processes, if any (a later parallel scan restarts them)."""
        self.analyzer.close()

    # -- prompts ------------------------------------------------------------------------
    def _plan_prompt(self, findings: Sequence[PiiFinding]) -> tuple[list[PlannedAction], list[str]]:
        rules = self.policy.prompt
        planned: list[PlannedAction] = []
        fired: list[str] = []
        for f in findings:
            rule = rules.entities.get(f.entity_type)
            if rule is None:
                rule = EntityRule(action=rules.default_action)
                if f.score < rule.min_score:
                    continue
                label = f"prompt.default_action: {rule.action.value}"
            else:
                if f.score < rule.min_score:
                    continue
                label = (
                    f"prompt.entities.{f.entity_type}: {rule.action.value} "
                    f"(score {f.score:.2f} >= {rule.min_score:.2f})"
                )
            planned.append(PlannedAction(f, rule.action, rule))
            if label not in fired:
                fired.append(label)
        return planned, fired

    def acted_on(self, findings: Sequence[PiiFinding]) -> list[PiiFinding]:
        """The findings ``policy.prompt`` acts on: score at or above the rule's ``min_score``,
        action other than ``allow``. What :meth:`decide_prompts` would remove or block, decided
        without anonymizing anything (no pseudonym is assigned)."""
        planned, _ = self._plan_prompt(findings)
        return [p.finding for p in planned if p.action is not EntityAction.ALLOW]

    def _decide_prompt(self, text: str, findings: Sequence[PiiFinding]) -> PromptDecision:
        planned, fired = self._plan_prompt(findings)
        result = apply_actions(text, planned, context=self._context)
        return PromptDecision(
            outcome="block" if result.blocked else "allow",
            text=result.text,
            findings=tuple(findings),
            actions=result.actions,
            fired_rules=tuple(fired),
        )

    def decide_prompts(
        self,
        texts: Sequence[str],
        *,
        findings: Sequence[Sequence[PiiFinding]] | None = None,
    ) -> list[PromptDecision]:
        """Each text anonymized per ``policy.prompt``, or blocked, in order.

        ``findings``: the texts' findings from :meth:`scan` or :meth:`stream` (scanned here
        when None). Pseudonyms are assigned here, in the order of the texts.
        """
        if findings is None:
            findings = self.scan(texts)
        return [self._decide_prompt(t, f) for t, f in zip(texts, findings, strict=True)]

    # -- responses ----------------------------------------------------------------------
    def _decide_response(self, text: str, findings: Sequence[PiiFinding]) -> ResponseDecision:
        rules = self.policy.response
        violations = [
            f
            for f in findings
            if f.entity_type not in rules.allowed_entities and f.score >= rules.min_score
        ]
        if not violations:
            return ResponseDecision("allow", text, tuple(findings), (), ())
        how = rules.on_violation
        fired = tuple(
            dict.fromkeys(
                f"response.on_violation: {how.value} ({f.entity_type} score {f.score:.2f} >= "
                f"{rules.min_score:.2f})"
                for f in violations
            )
        )
        planned = [PlannedAction(f, *self._response_rule(f.entity_type)) for f in violations]
        result = apply_actions(text, planned, context=self._context)
        if how is ResponseViolationAction.REDACT:
            return ResponseDecision("redact", result.text, tuple(findings), result.actions, fired)
        outcome: ResponseOutcome = "drop" if how is ResponseViolationAction.DROP else "stop"
        actions = tuple(
            type(a)(a.entity_type, a.start, a.end, a.score, a.recognizer, how.value, a.value_digest)
            for a in result.actions
        )
        return ResponseDecision(outcome, "", tuple(findings), actions, fired)

    def _response_rule(self, entity_type: str) -> tuple[EntityAction, EntityRule]:
        rule = self.policy.prompt.entities.get(entity_type)
        if rule is not None and rule.action in _RESPONSE_TEXT_ACTIONS:
            return rule.action, rule
        return EntityAction.REPLACE, EntityRule(action=EntityAction.REPLACE)

    def decide_responses(
        self,
        texts: Sequence[str],
        *,
        findings: Sequence[Sequence[PiiFinding]] | None = None,
    ) -> list[ResponseDecision]:
        """Each teacher response checked against ``policy.response``, in order
        (``findings`` as for :meth:`decide_prompts`)."""
        if findings is None:
            findings = self.scan(texts)
        return [self._decide_response(t, f) for t, f in zip(texts, findings, strict=True)]
