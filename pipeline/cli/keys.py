"""``distillgate keys``: generate, list and retire checkpoint signing and reviewer keys."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from governance import paths
from governance.audit.keys import TRUST_FILE, KeyRole, TrustStore, generate_key, retire_key

__all__ = ["register"]

keys_app = typer.Typer(
    name="keys",
    help="Ed25519 keys that sign audit checkpoints, and the trust file.",
    no_args_is_help=True,
)

_KeysDir = Annotated[
    Path | None,
    typer.Option("--keys-dir", help="Keys folder (default: <DISTILLGATE_HOME>/keys)."),
]


@keys_app.command("generate")
def generate(
    name: Annotated[str, typer.Option("--name", help="Key file name.")] = "run-signer",
    role: Annotated[
        KeyRole,
        typer.Option(
            "--role",
            help="run-signer: signs audit checkpoints; reviewer: signs reviewer sign-offs. "
            "A key has one role and is accepted only for it.",
        ),
    ] = KeyRole.RUN_SIGNER,
    keys_dir: _KeysDir = None,
) -> None:
    """Create a private key (0600) and add its public key to the trust file."""
    signer = generate_key(keys_dir, name=name, role=role)
    typer.echo(f"key id:     {signer.key_id}")
    typer.echo(f"role:       {role.value}")
    typer.echo(f"public key: {signer.public_key_bytes.hex()}")


@keys_app.command("init")
def init(
    unsafe_new_key: Annotated[
        bool,
        typer.Option(
            "--unsafe-new-key",
            help="Create a new PII HMAC key in a home that already holds keys or ledgers (the "
            "old one is lost for good): keyed digests and hash values of earlier runs will not "
            "match it.",
        ),
    ] = False,
    keys_dir: _KeysDir = None,
) -> None:
    """Create this home's PII HMAC key (first-time set-up); an existing key is kept unchanged."""
    from governance.pii.secret import init_pii_secret

    result = init_pii_secret(keys_dir, unsafe_new_key=unsafe_new_key)
    if not result.created:
        typer.echo(f"PII HMAC key {result.path} exists; kept unchanged")
        return
    typer.echo(f"created PII HMAC key {result.path} (mode 0600)")
    typer.echo("back it up: keyed digests and hash values of every run depend on it")


@keys_app.command("list")
def list_keys(keys_dir: _KeysDir = None) -> None:
    """List trusted keys, active and retired."""
    directory = keys_dir if keys_dir is not None else paths.keys_dir()
    trust = TrustStore.load(directory / TRUST_FILE)
    table = Table(title=str(directory / TRUST_FILE))
    for column in ("key id", "name", "role", "status", "added", "public key"):
        table.add_column(column, overflow="fold")
    for key in trust.keys:
        status = "active" if key.retired_at is None else f"retired {key.retired_at}"
        table.add_row(key.key_id, key.name, key.role.value, status, key.added_at, key.public_key)
    Console(width=200).print(table)


@keys_app.command("retire")
def retire(
    key_id: Annotated[str, typer.Argument(help="Key id to retire.")],
    keys_dir: _KeysDir = None,
) -> None:
    """Retire a key: old checkpoints keep verifying, new ones need a new key."""
    key = retire_key(key_id, keys_dir=keys_dir)
    typer.echo(f"retired {key.key_id} ({key.name}) at {key.retired_at}")


def register(app: typer.Typer) -> None:
    """Add the ``keys`` command group to the root app."""
    app.add_typer(keys_app)
