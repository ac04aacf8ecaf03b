"""Data source policies: models, loading with file:line:col errors, lint, schema, ledger.

Modules: ``models`` (the pydantic models), ``yamlio`` (YAML with positions), ``loader``
(:func:`~governance.policy.loader.load_policy`), ``lint`` (policies and jobs), ``schema``
(the committed JSON Schema), ``summary`` (``policy show``) and ``ledger`` (the per-source
privacy budget ledger). Import from the modules; this package re-exports nothing.
"""

__all__: list[str] = []
