"""Export of a gated run: a signed bundle, and its offline verification."""

from __future__ import annotations

from pipeline.export.bundle import ExportBundle, export_refusals, export_run
from pipeline.export.manifest import BundleManifest, ManifestSignature
from pipeline.export.onnx_export import OnnxExport, export_onnx
from pipeline.export.signoff import has_reviewer_approval
from pipeline.export.verify import BundleVerification, verify_bundle

__all__ = [
    "BundleManifest",
    "BundleVerification",
    "ExportBundle",
    "ManifestSignature",
    "OnnxExport",
    "export_onnx",
    "export_refusals",
    "export_run",
    "has_reviewer_approval",
    "verify_bundle",
]
