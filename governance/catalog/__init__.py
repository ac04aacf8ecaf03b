"""What the PII gateway can detect, and in which languages: plain tables, no heavy imports.

The policy layer validates entity types and languages against these tables, and the PII
layer builds its recognizers from them, so both read one definition.
"""

__all__: list[str] = []
