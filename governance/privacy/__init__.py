"""Privacy accounting, attacks and auditing of students.

Modules: :mod:`.canaries` (planting), :mod:`.membership` (ROC metrics and attacks),
:mod:`.exposure` (Secret Sharer exposure), :mod:`.one_run_audit` (empirical ε lower bound),
:mod:`.replay` (PII replay), :mod:`.evaluate` (all of it for one student) and :mod:`.report`
(``privacy_report.json``). Import from the modules; this package re-exports nothing so that
importing it stays cheap.
"""

__all__: list[str] = []
