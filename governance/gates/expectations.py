"""The GX Core expectation classes the suites use, imported from their defining modules."""

from __future__ import annotations

from great_expectations.expectations.core.expect_column_distinct_values_to_equal_set import (
    ExpectColumnDistinctValuesToEqualSet,
)
from great_expectations.expectations.core.expect_column_max_to_be_between import (
    ExpectColumnMaxToBeBetween,
)
from great_expectations.expectations.core.expect_column_min_to_be_between import (
    ExpectColumnMinToBeBetween,
)
from great_expectations.expectations.core.expect_column_values_to_be_between import (
    ExpectColumnValuesToBeBetween,
)
from great_expectations.expectations.core.expect_column_values_to_be_in_set import (
    ExpectColumnValuesToBeInSet,
)
from great_expectations.expectations.core.expect_column_values_to_be_in_type_list import (
    ExpectColumnValuesToBeInTypeList,
)
from great_expectations.expectations.core.expect_column_values_to_be_unique import (
    ExpectColumnValuesToBeUnique,
)
from great_expectations.expectations.core.expect_column_values_to_not_be_null import (
    ExpectColumnValuesToNotBeNull,
)
from great_expectations.expectations.core.expect_table_columns_to_match_set import (
    ExpectTableColumnsToMatchSet,
)
from great_expectations.expectations.core.expect_table_row_count_to_be_between import (
    ExpectTableRowCountToBeBetween,
)

__all__ = [
    "ExpectColumnDistinctValuesToEqualSet",
    "ExpectColumnMaxToBeBetween",
    "ExpectColumnMinToBeBetween",
    "ExpectColumnValuesToBeBetween",
    "ExpectColumnValuesToBeInSet",
    "ExpectColumnValuesToBeInTypeList",
    "ExpectColumnValuesToBeUnique",
    "ExpectColumnValuesToNotBeNull",
    "ExpectTableColumnsToMatchSet",
    "ExpectTableRowCountToBeBetween",
]
