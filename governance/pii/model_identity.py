"""Which NER model a run scans with, pinned by the digest of its files (no spaCy import).

The gateway's detections depend on the model as much as on the policy, so the run's
``policy_loaded`` audit entry names the model, its version and the SHA-256 of its folder: a
swapped or edited model shows as another digest.

>>> ident = model_identity("en_distillgate_ner")
>>> (ident.name, ident.version.count("."), len(ident.sha256))
('en_distillgate_ner', 2, 64)
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
from dataclasses import dataclass
from pathlib import Path

from governance.catalog.languages import model_location
from governance.errors import PiiError

__all__ = ["ModelIdentity", "model_identity"]


@dataclass(frozen=True)
class ModelIdentity:
    """A model's name as configured, its version (``meta.json``) and folder digest."""

    name: str
    version: str
    sha256: str


def _folder(name: str) -> Path:
    location = Path(model_location(name))
    if location.is_dir():
        return location
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        spec = None
    if spec is None or spec.origin is None:
        raise PiiError(f"cannot find the spaCy model {name!r} to record its digest")
    return Path(spec.origin).parent


def _digest(folder: Path) -> str:
    """SHA-256 over every file's relative path and bytes, in sorted order."""
    sha = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if "__pycache__" in path.parts or path.suffix == ".pyc":
            continue
        sha.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0")
        sha.update(hashlib.sha256(path.read_bytes()).digest())
    return sha.hexdigest()


def _version(folder: Path) -> str:
    metas = sorted(folder.glob("meta.json")) or sorted(folder.glob("*/meta.json"))
    for meta in metas:
        try:
            return str(json.loads(meta.read_text(encoding="utf-8")).get("version", ""))
        except (OSError, ValueError):
            continue
    return ""


@functools.lru_cache(maxsize=8)
def model_identity(name: str) -> ModelIdentity:
    """The identity of the model ``name`` (built-in name, package or folder)."""
    folder = _folder(name)
    return ModelIdentity(name=name, version=_version(folder), sha256=_digest(folder))
