"""PII gateway: every teacher prompt and response passes through it.

Import from the modules (kept light here so ``governance.pii.digest`` loads no spaCy):
``types`` (PiiFinding), ``analyzer`` (build_analyzer), ``gateway`` (PiiGateway),
``decisions`` (PromptDecision, ResponseDecision), ``secret`` (load_or_create_pii_secret),
``scan_jsonl`` (scan_jsonl, ScanStats), ``operators`` (registry of anonymization operators).
"""

__all__: list[str] = []
