"""Render a :class:`RunReport` as Markdown with the same sections and figures as the HTML.

Every value is escaped: Markdown control characters are backslash-escaped and ``<``, ``>``,
``&`` become HTML entities, so no value can inject markup into a Markdown viewer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from reports.collect_probes import probe_cells
from reports.formatting import format_epsilon, num, pct, yesno
from reports.model import SECTION_TITLES, RunReport

__all__ = ["md_code", "md_escape", "render_md"]

_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def md_escape(value: object) -> str:
    """Escape one value for Markdown text or a table cell (one line).

    >>> md_escape("a|b <x> *y*")
    'a\\\\|b &lt;x&gt; \\\\*y\\\\*'
    """
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return " ".join(_SPECIAL.sub(r"\\\1", text).split())


def md_code(text: str) -> str:
    """An inline code span that survives backticks inside ``text`` (copy-paste exact).

    >>> md_code("a`b")
    '`` a`b ``'
    """
    one_line = " ".join(text.split())
    if "`" not in one_line:
        return f"`{one_line}`"
    fence = "`" * (max(len(run) for run in re.findall(r"`+", one_line)) + 1)
    return f"{fence} {one_line} {fence}"


def _table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(md_escape(c) for c in row) + " |" for row in rows]
    return [*out, ""]


def _kv(pairs: Iterable[tuple[str, object]]) -> list[str]:
    return [f"- **{k}:** {md_escape(v)}" for k, v in pairs] + [""]


def _h(key: str, n: int) -> list[str]:
    return [f"## {n}. {SECTION_TITLES[key]}", ""]


def _source(r: RunReport) -> list[str]:
    s = r.source
    out = _h("source", 2) + ([f"_{md_escape(s.note)}_", ""] if s.note else [])
    out += _kv(
        [
            ("Data source", s.source or "-"),
            ("Owner", s.owner or "-"),
            ("Purpose", s.purpose or "-"),
            ("Policy version", s.policy_version or "-"),
            ("Policy SHA-256", s.policy_sha256 or "-"),
            ("Job", f"{s.job_name or '-'} ({s.run_status or 'unknown status'})"),
            ("Run time", f"{s.started_at or '-'} to {s.finished_at or '-'}"),
            ("Teacher", s.teacher or "-"),
            ("Teachers allowed", ", ".join(s.allowed_teachers) or "-"),
            ("Reviewer approvals required", str(s.required_reviewers)),
        ]
    )
    out += ["### Record of processing (GDPR Art. 30)", ""]
    p = s.processing
    if p is None:
        return [*out, "_Not available: the run's policy copy could not be read._", ""]
    return out + _table(
        ["Field", "Value"],
        [
            ("Controller", f"{p.controller} ({p.controller_contact})"),
            ("Purpose", p.purpose),
            ("Lawful basis (Art. 6)", p.lawful_basis),
            ("Data subjects", ", ".join(p.data_subject_categories)),
            ("Personal data", ", ".join(p.personal_data_categories)),
            ("Recipients", "; ".join(p.recipients) or "none"),
            ("Transfers outside the EU/EEA", "; ".join(p.transfers) or "none"),
            ("Retention", p.retention),
            ("Erasure", p.erasure),
            ("Security measures", "; ".join(p.security_measures)),
        ],
    )


def _probes(r: RunReport) -> list[str]:
    v = r.pii.probes
    out = ["### How much personal data the gateway missed (recall probes)", ""]
    if v is None:
        return [*out, f"_{md_escape(r.pii.probes_note or 'no probe results')}_", ""]
    out += [
        md_escape(v.meaning),
        "",
        f"{v.count_per_type} synthetic values per type and {v.lookalikes_planted} look-alikes "
        f"(order numbers, SKUs, prices...) were planted into {v.probe_texts} texts built from "
        f"{v.sample_records} of {v.source_records} records (seed {v.seed}) and scanned in "
        f"{v.scan_seconds:.1f} s; none was sent to the teacher or kept. Bounds are 95% "
        "confidence bounds; values let through = found × precision × (1/recall − 1).",
        "",
    ]
    out += _table(
        [
            "Entity type",
            "Planted",
            "Caught",
            "Recall (lower bound)",
            "Precision (lower bound)",
            "Real values let through, est. (interval)",
            "Policy min_recall",
        ],
        [probe_cells(row) for row in v.rows],
    )
    if v.unmeasured:
        out += [f"Not measured (no probe values): {md_escape(', '.join(v.unmeasured))}.", ""]
    return [*out, f"Probe set digest: {md_code(v.probe_set_digest)}", ""]


def _pii_teacher(r: RunReport) -> list[str]:
    p, t = r.pii, r.teacher
    out = _h("pii", 3)
    if p.available:
        out += [
            f"{p.records_scanned} records scanned; **{p.records_blocked}** blocked before "
            f"reaching the teacher; {p.responses_redacted} responses redacted, "
            f"{p.responses_dropped} dropped.",
            "",
        ]
        out += _table(
            ["Entity type", "In prompts", "In responses", "Action"],
            [(e.entity_type, e.in_prompts, e.in_responses, e.action) for e in p.entities],
        )
        if p.redacted_examples:
            out += ["### Examples (anonymized form only)", ""]
            out += [f"- {md_escape(x)}" for x in p.redacted_examples] + [""]
    else:
        out += [f"_{md_escape(p.note)}_", ""]
    out += _probes(r)
    out += _h("teacher", 4)
    if not t.available:
        return [*out, f"_{md_escape(t.note)}_", ""]
    return out + _kv(
        [
            ("Model", f"{t.provider} / {t.model}"),
            ("Calls", f"{t.calls} ({t.cached} from cache, {t.retries} retries, {t.failed} failed)"),
            ("Tokens", f"{t.input_tokens} in, {t.output_tokens} out"),
            ("Estimated cost", f"US$ {t.estimated_cost_usd:.4f}"),
            ("Prompts blocked", t.blocked_prompts),
            ("Responses rejected", t.rejected_responses),
        ]
    )


def _audit(r: RunReport) -> list[str]:
    a = r.audit
    out = _h("audit", 5)
    if a.available:
        state = "Verified" if a.verified else "NOT verified"
        out += [f"**{state}**" + (f": {md_escape(a.reason)}" if a.reason else ""), ""]
        tree = f" (tree size {a.tree_size})" if a.tree_size is not None else ""
        out += _kv(
            [
                ("Entries", a.entry_count),
                ("Checkpoint root hash", f"{a.root_hash or '-'}{tree}"),
                ("Signing key id", a.key_id or "-"),
            ]
        )
    else:
        out += [f"_{md_escape(a.note)}_", ""]
    out += ["Verify it yourself, independently of this report:", "", "```", a.verify_command]
    out += ["```", ""]
    if a.categories:
        out += ["### EU AI Act Art. 12 record-keeping", ""]
        out += _table(
            ["Purpose", "Article", "Event kinds", "Entries"],
            [(c.category, c.article, ", ".join(c.kinds), c.count) for c in a.categories],
        )
    return out


def _privacy(r: RunReport) -> list[str]:
    d, a = r.dp, r.attacks
    out = _h("dp", 6)
    if d.available:
        out += _kv(
            [
                ("ε", format_epsilon(d.epsilon)),
                ("δ", num(d.delta)),
                ("DP-SGD used", yesno(d.enabled)),
                ("Target ε", num(d.target_epsilon)),
                ("Noise multiplier σ", num(d.noise_multiplier)),
                ("Clipping norm C", f"{num(d.max_grad_norm)} ({d.clipping})"),
                ("Sampling rate q", num(d.sample_rate)),
                ("Steps / epochs", f"{d.steps} / {d.epochs} (N = {d.dataset_size})"),
                ("Accountant", d.accountant),
                ("Secure RNG", yesno(d.secure_rng)),
                (
                    "Source lifetime ε",
                    f"{num(d.lifetime_epsilon_spent)} used of {num(d.lifetime_epsilon_budget)}",
                ),
            ]
        )
        if d.epsilon_history:
            out += _table(["Step", "ε so far"], [(s, num(e)) for s, e in d.epsilon_history[-8:]])
    else:
        out += [f"_{md_escape(d.note)}_", ""]
    out += _h("attacks", 7)
    if not a.available:
        return [*out, f"_{md_escape(a.note)}_", ""]
    out += _table(
        ["Attack", "AUC", "TPR at 1% FPR", "TPR at 0.1% FPR", "Members", "Non-members"],
        [
            (
                m.attack,
                f"{m.auc:.3f}",
                num(m.tpr_at_1pct_fpr),
                num(m.tpr_at_01pct_fpr),
                m.members,
                m.non_members,
            )
            for m in a.membership_inference
        ],
    )
    c = a.canaries
    if c is not None:
        allowed = f", allowed {num(c.threshold_bits)}" if c.threshold_bits is not None else ""
        out += [
            f"Canaries: {c.planted} planted ×{c.repetitions}; maximum exposure "
            f"{num(c.max_exposure_bits)} bits (mean {num(c.mean_exposure_bits)}{allowed}); "
            f"{c.exposed} exposed.",
            "",
        ]
    e = a.empirical_epsilon
    if e is not None:
        out += _table(
            ["Reported ε (accountant)", "Empirical lower bound", "Confidence", "Method"],
            [(format_epsilon(e.reported_epsilon), num(e.lower_bound), num(e.confidence), e.method)],
        )
    out += [
        f"Residual PII in distilled records: {pct(a.residual_pii_fraction)}; PII or canaries "
        f"replayed by the student: {a.pii_replay_hits}.",
        "",
    ]
    p = a.pii_replay
    if p is not None:
        types = ", ".join(f"{k}: {n}" for k, n in p.entity_counts.items()) or "none"
        out += [
            f"PII replay (the student prompted with every planted canary's prefix): "
            f"{p.outputs} outputs scanned, {p.outputs_with_hits} with a hit; "
            f"{p.pii_findings} PII findings ({md_escape(types)}); "
            f"{p.canaries_found} canary secrets found.",
            "",
        ]
    return out


def _outcomes(r: RunReport) -> list[str]:
    v, q = r.validation, r.quality
    out = _h("validation", 8)
    if v.available:
        docs = f" Data Docs: {v.data_docs}" if v.data_docs else ""
        out += [f"**Gate {'passed' if v.passed else 'failed'}.**{md_escape(docs)}", ""]
        for s in v.suites:
            out += [f"### {md_escape(s.name)}: {'passed' if s.success else 'failed'}", ""]
            out += _table(
                ["Expectation", "Observed", "Threshold", "Result", "Reason"],
                [
                    (
                        e.name,
                        e.observed,
                        e.threshold,
                        "pass" if e.success else "FAIL",
                        e.reason or "",
                    )
                    for e in s.expectations
                ],
            )
    else:
        out += [f"_{md_escape(v.note)}_", ""]
    out += _h("quality", 9)
    if q.available:
        figures: list[tuple[str, object]] = (
            [
                ("Task kind", "generation"),
                ("Agreement with the teacher (mean ROUGE-L F1)", num(q.agreement)),
                ("Exact match with the teacher", pct(q.accuracy)),
            ]
            if q.task_kind == "generation"
            else [("Agreement with the teacher", pct(q.agreement)), ("Accuracy", pct(q.accuracy))]
        )
        out += _kv(figures + [(k, num(x)) for k, x in q.other_metrics.items()])
        if q.confusion_matrix:
            labels = q.labels if len(q.labels) == len(q.confusion_matrix) else None
            names = labels or [str(i) for i in range(len(q.confusion_matrix))]
            out += _table(
                ["reference \\ predicted", *(md_escape(n) for n in names)],
                [(n, *row) for n, row in zip(names, q.confusion_matrix, strict=True)],
            )
    else:
        out += [f"_{md_escape(q.note)}_", ""]
    return out + _kv([("Export", q.export_status), ("Bundle digest", q.bundle_digest or "-")])


def _signoff(r: RunReport) -> list[str]:
    s = r.signoff
    out = _h("signoff", 10)
    out += [md_escape(s.requirement), ""]
    if s.entries:
        out += _table(
            ["Decision", "Reviewer", "Note", "Key id", "Signed at", "Signature"],
            [
                (
                    e.decision,
                    e.reviewer,
                    e.note or "-",
                    e.key_id,
                    e.signed_at or "-",
                    e.status,
                )
                for e in s.entries
            ],
        )
    else:
        out += ["_No reviewer decision is recorded._", ""]
    return [*out, "```", s.approve_command, s.reject_command, "```", ""]


def render_md(report: RunReport) -> str:
    """The report as Markdown text."""
    r = report
    out = [
        f"# Run {md_escape(r.run_id)}: distillgate compliance report",
        "",
        f"Source **{md_escape(r.source.source or '-')}**, policy version "
        f"**{md_escape(r.source.policy_version or '-')}**, generated {md_escape(r.generated_at)}.",
        "",
        *_h("verdict", 1),
        f"**{md_escape(r.verdict.headline)}**",
        "",
        *[f"- {md_escape(reason)}" for reason in r.verdict.reasons],
        "",
        *_kv(
            [
                ("Under which policy", r.verdict.policy),
                ("Privacy guarantee", r.verdict.guarantee),
            ]
        )[:-1],
        f"- **Check it yourself:** {md_code(r.audit.verify_command)}",
        "",
    ]
    out += _source(r) + _pii_teacher(r) + _audit(r) + _privacy(r) + _outcomes(r) + _signoff(r)
    return "\n".join(out).rstrip("\n") + "\n"
