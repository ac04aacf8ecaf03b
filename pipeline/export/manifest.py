"""``manifest.json`` (SHA-256 of every bundle file) and its Ed25519 signature ``manifest.sig``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from governance.errors import ExportError

__all__ = [
    "MANIFEST_FILE",
    "MANIFEST_SCHEMA",
    "SIGNATURE_FILE",
    "BundleManifest",
    "ManifestSignature",
    "ManifestSigner",
    "canonical_json",
]

MANIFEST_FILE = "manifest.json"
SIGNATURE_FILE = "manifest.sig"
MANIFEST_SCHEMA = "distillgate/export-manifest/v1"


class ManifestSigner(Protocol):
    """What signs a manifest: ``governance.audit.keys.Signer`` fits."""

    key_id: str
    public_key_bytes: bytes

    def sign(self, data: bytes) -> bytes: ...


def canonical_json(value: object) -> bytes:
    """Sorted keys, compact separators, ASCII: the exact bytes that are signed."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode(
        "ascii"
    )


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class BundleManifest(_Frozen):
    """Every file of an export bundle with its SHA-256."""

    schema_: str = Field(default=MANIFEST_SCHEMA, alias="schema")
    run: str = Field(description="Run id the bundle was exported from.")
    created_at: str = Field(description="UTC time of the export, ISO 8601.")
    key_id: str = Field(description="Key id of the Ed25519 key that signs this manifest.")
    gate_passed: bool = Field(description="The gate verdict the export relied on.")
    files: dict[str, str] = Field(description="Relative path -> hex SHA-256.")

    def to_bytes(self) -> bytes:
        return canonical_json(self.model_dump(by_alias=True))

    @classmethod
    def from_bytes(cls, data: bytes) -> BundleManifest:
        """Parse ``manifest.json``; it must be valid and in canonical form."""
        try:
            manifest = cls.model_validate_json(data)
        except ValidationError as exc:
            raise ExportError(f"{MANIFEST_FILE} is not a valid manifest: {exc}") from exc
        if manifest.schema_ != MANIFEST_SCHEMA:
            raise ExportError(f"{MANIFEST_FILE} has unknown schema {manifest.schema_!r}")
        if manifest.to_bytes() != data:
            raise ExportError(f"{MANIFEST_FILE} is not in canonical form")
        return manifest


class ManifestSignature(_Frozen):
    """``manifest.sig``: an Ed25519 signature over the exact bytes of ``manifest.json``."""

    algorithm: str = Field(default="ed25519")
    key_id: str
    public_key: str = Field(description="Raw public key, hex (trust comes from the trust file).")
    signature: str = Field(description="64-byte signature, hex.")

    @classmethod
    def create(cls, signer: ManifestSigner, manifest_bytes: bytes) -> ManifestSignature:
        return cls(
            key_id=signer.key_id,
            public_key=signer.public_key_bytes.hex(),
            signature=signer.sign(manifest_bytes).hex(),
        )

    def write(self, path: Path) -> None:
        path.write_bytes(canonical_json(self.model_dump()) + b"\n")

    @classmethod
    def read(cls, path: Path) -> ManifestSignature:
        try:
            return cls.model_validate_json(path.read_bytes())
        except (OSError, ValidationError) as exc:
            raise ExportError(f"{path.name} is missing or malformed: {exc}") from exc
