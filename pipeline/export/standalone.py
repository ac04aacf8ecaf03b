"""Export or verify from the command line: load the run's policy, signer and trust."""

from __future__ import annotations

from pathlib import Path

from governance.audit.keys import TrustStore, load_or_create_signer
from governance.errors import ExportError
from governance.policy.loader import load_policy
from governance.runfiles.layout import RunLayout
from pipeline.export.bundle import ExportBundle, export_run
from pipeline.export.verify import BundleVerification, verify_bundle

__all__ = ["export_run_dir", "verify_bundle_or_raise"]


def export_run_dir(run_dir: Path, *, out: Path, trust_path: Path | None = None) -> ExportBundle:
    """:func:`export_run` under the run's own ``policy.yaml`` with the local run signer."""
    loaded = load_policy(RunLayout(Path(run_dir)).policy, check_file_stem=False)
    return export_run(
        Path(run_dir),
        out=out,
        policy=loaded.policy,
        signer=load_or_create_signer(),
        trust=TrustStore.load(trust_path),
    )


def verify_bundle_or_raise(path: Path, *, trust_path: Path | None = None) -> BundleVerification:
    """:func:`verify_bundle`, raising :class:`ExportError` with every problem on failure."""
    result = verify_bundle(path, trust=TrustStore.load(trust_path))
    if not result.ok:
        raise ExportError(
            f"bundle {path} does not verify:\n  " + "\n  ".join(result.problems),
            hint="do not ship it; re-export from the run directory",
        )
    return result
