"""``distillgate keys``: generate, enroll, list and retire signing keys; the trust history."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from governance import paths
from governance.audit.enroll import enroll_key, trust_history_problems
from governance.audit.keys import TRUST_FILE, KeyRole, TrustStore, generate_key, retire_key
from governance.audit.trust_history import read_trust_history
from governance.errors import CheckFailedError
from governance.review import default_reviewer_keys_dir

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
    keys_dir: Annotated[
        Path | None,
        typer.Option(
            "--keys-dir",
            help="Keys folder (default: <home>/keys; for a reviewer key "
            "$DISTILLGATE_REVIEWER_KEYS, else <home>/reviewer-keys).",
        ),
    ] = None,
) -> None:
    """Create a private key (0600) and its .pub; a run-signer key is trusted at once, a
    reviewer key only once enrolled (`keys enroll`)."""
    if keys_dir is None and role is KeyRole.REVIEWER:
        keys_dir = default_reviewer_keys_dir()
    signer = generate_key(keys_dir, name=name, role=role)
    typer.echo(f"key id:     {signer.key_id}")
    typer.echo(f"role:       {role.value}")
    typer.echo(f"public key: {signer.public_key_bytes.hex()}")
    if role is KeyRole.REVIEWER:
        pub = (keys_dir or paths.keys_dir()) / f"{name}.pub"
        typer.echo(f"not trusted yet: have it enrolled with `distillgate keys enroll {pub} ")
        typer.echo(f"  --name {name} --role reviewer --enrolled-by WHO`")


@keys_app.command("enroll")
def enroll(
    public_key: Annotated[
        Path, typer.Argument(help="Public key: PEM, the .pub of `keys generate`, or 64 hex.")
    ],
    name: Annotated[str, typer.Option("--name", help="Who the key belongs to (one key each).")],
    enrolled_by: Annotated[
        str, typer.Option("--enrolled-by", help="Who enrolls it (recorded with the key).")
    ],
    role: Annotated[
        KeyRole, typer.Option("--role", help="The one role the key is trusted for.")
    ] = KeyRole.REVIEWER,
    keys_dir: _KeysDir = None,
) -> None:
    """Trust a public key for one role, recording who enrolled it and when (audited)."""
    directory = keys_dir if keys_dir is not None else paths.keys_dir()
    result = enroll_key(
        public_key, name=name, role=role, enrolled_by=enrolled_by, trust_path=directory / TRUST_FILE
    )
    key = result.key
    verb = "enrolled" if result.new else "already enrolled"
    typer.echo(f"{verb} {key.key_id} as {key.role.value} {key.name!r} by {key.enrolled_by}")


@keys_app.command("history")
def history(keys_dir: _KeysDir = None) -> None:
    """Show the append-only trust history (who trusted, enrolled or retired which key) and
    check it against the trust file; exits 1 where they disagree."""
    directory = keys_dir if keys_dir is not None else paths.keys_dir()
    trail = read_trust_history(directory / TRUST_FILE)
    problems = trust_history_problems(TrustStore.load(directory / TRUST_FILE), trail)
    for record in trail.records:
        typer.echo(
            f"{record['seq']:>4} {record['at']} {record['event']:<8} {record['key_id']} "
            f"{record['role']} {record['name']} by {record['by'] or '-'}"
        )
    if problems:
        raise CheckFailedError(
            f"trust history {trail.path} does not match: " + "; ".join(problems),
            hint="the trust file or its history was edited; compare with a copy kept elsewhere",
        )
    typer.echo(f"trust history intact: {len(trail.records)} records")


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
    for column in ("key id", "name", "role", "status", "added", "enrolled by", "public key"):
        table.add_column(column, overflow="fold")
    for key in trust.keys:
        status = "active" if key.retired_at is None else f"retired {key.retired_at}"
        by = key.enrolled_by or "-"
        row = (key.key_id, key.name, key.role.value, status, key.added_at, by, key.public_key)
        table.add_row(*row)
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
