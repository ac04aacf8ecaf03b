"""Teachers: the models that label or write the distilled examples.

Import from the submodules: ``base`` (interface), ``registry.create_teacher``, ``cache``
(durable response cache), ``limiter``; implementations in ``local_embedding``, ``gemini`` and
``hf_local`` load heavy libraries only when imported.
"""

from __future__ import annotations

__all__: list[str] = []
