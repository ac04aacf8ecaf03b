"""Anonymization operators, one per file, chosen per entity type by the policy."""

from governance.pii.operators.base import Operator, OperatorContext, PseudonymTable
from governance.pii.operators.registry import OPERATORS, get_operator

__all__ = ["OPERATORS", "Operator", "OperatorContext", "PseudonymTable", "get_operator"]
