"""``distillgate probe``: a policy's recall probes over its source, without a run.

The same measurement as a run's probe stage (:func:`governance.probes.measure_probes` with
the policy's own gateway), for policy editors who want to know before they change a policy.
Nothing is sent anywhere and nothing is written unless asked (``out``).
"""

from __future__ import annotations

from pathlib import Path

from governance.errors import SourceError
from governance.pii.gateway import PiiGateway
from governance.pii.secret import load_or_create_pii_secret
from governance.policy.loader import load_policy
from governance.policy.models import SourceFormat
from governance.probes import ProbeResults, measure_probes
from pipeline.sources.registry import load_records

__all__ = ["probe_policy"]

_FORMATS = {
    ".jsonl": SourceFormat.JSONL,
    ".json": SourceFormat.JSONL,
    ".csv": SourceFormat.CSV,
    ".parquet": SourceFormat.PARQUET,
}


def probe_policy(
    policy_path: Path,
    *,
    source: Path | None = None,
    max_records: int | None = None,
    out: Path | None = None,
) -> ProbeResults:
    """Recall probes of the policy at ``policy_path`` over its source (or over ``source``,
    a JSONL, CSV or Parquet file or a saved dataset folder with the policy's fields)."""
    loaded = load_policy(policy_path)
    spec = loaded.policy.source
    if source is not None:
        fmt = SourceFormat.DATASETS if source.is_dir() else _FORMATS.get(source.suffix.lower())
        if fmt is None:
            raise SourceError(
                f"cannot tell the format of {source}",
                hint="use a .jsonl, .csv or .parquet file or a datasets.save_to_disk folder",
            )
        spec = spec.model_copy(update={"format": fmt, "location": str(source.resolve())})
    records = load_records(spec, base_dir=loaded.path.parent, limit=max_records)
    if not records:
        raise SourceError(f"source {spec.name!r} has no records to plant probes into")
    secret = load_or_create_pii_secret()
    gateway = PiiGateway.from_policy(loaded.policy, secret=secret)
    try:
        results = measure_probes(
            gateway,
            [r.text for r in records],
            [r.record_id for r in records],
            secret=secret,
            policy_sha256=loaded.sha256,
        )
    finally:
        gateway.close()
    if out is not None:
        results.write(out)
    return results
