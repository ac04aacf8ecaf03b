"""The recognizer registry is the one table every list of entity types is derived from."""

from __future__ import annotations

import pytest

from governance.catalog import registry
from governance.catalog.registry import RECOGNIZERS, Gate, RecognizerEntry
from governance.pii import analyzer, conflicts
from governance.pii.fast_recognizer import GATES
from governance.pii.recognizers import build_entry, build_registry_recognizers
from governance.policy.models import KNOWN_ENTITY_TYPES, PromptRules


def test_known_entity_types_are_the_registry_types() -> None:
    assert frozenset(row.entity_type for row in RECOGNIZERS) == KNOWN_ENTITY_TYPES


def test_conflict_ranking_is_the_registry_ranking() -> None:
    ranks = {row.entity_type: row.rank for row in RECOGNIZERS}
    assert ranks == conflicts.SPECIFICITY
    assert set(conflicts.SPECIFICITY) == KNOWN_ENTITY_TYPES


def test_rows_of_one_type_agree_on_the_rank_and_names_are_unique() -> None:
    names = [row.name for row in RECOGNIZERS]
    assert len(names) == len(set(names))
    for row in RECOGNIZERS:
        same = {r.rank for r in RECOGNIZERS if r.entity_type == row.entity_type}
        assert same == {row.rank}, row.entity_type


def test_an_inconsistent_rank_is_refused() -> None:
    rows = (
        RecognizerEntry("a", "X", "m:f", Gate.NONE, (), 1),
        RecognizerEntry("b", "X", "m:g", Gate.NONE, (), 2),
    )
    with pytest.raises(RuntimeError, match="ranks X differently"):
        registry._derive_ranks(rows)


def test_ner_labels_come_from_the_registry() -> None:
    assert analyzer.NER_LABELS == registry.NER_LABELS
    assert analyzer.NER_LABELS["PER"] == ("PERSON", 0.85)  # the French model's label
    assert {t for t, _ in analyzer.NER_LABELS.values()} <= KNOWN_ENTITY_TYPES


@pytest.mark.parametrize("row", [r for r in RECOGNIZERS if r.factory], ids=lambda r: r.name)
def test_every_factory_builds_its_row(row: RecognizerEntry) -> None:
    spec = build_entry(row, ())
    assert spec.recognizer.supported_entities == [row.entity_type]
    assert spec.context == row.context
    assert row.gate in GATES


def test_countries_select_country_rows() -> None:
    def types(countries: list[str]) -> set[str]:
        return {s.recognizer.supported_entities[0] for s in build_registry_recognizers(countries)}

    everything = types([])
    assert {"FR_NIR", "DE_TAX_ID", "BR_CPF", "UK_NINO", "IN_AADHAAR"} <= everything
    assert "FR_NIR" in types(["fr"]) and "DE_TAX_ID" not in types(["fr"])
    assert {"FI_HETU", "NG_NIN", "MX_CURP", "JP_MY_NUMBER"} <= everything
    assert "FI_HETU" in types(["FI"]) and "FI_HETU" not in types(["SE"])
    assert types(["UK"]) == types(["GB"])
    core = {r.entity_type for r in RECOGNIZERS if not r.countries and r.factory}
    assert core <= types(["FR"])


def test_policy_refuses_an_unknown_country() -> None:
    with pytest.raises(ValueError, match="unsupported country code"):
        PromptRules(entities={}, countries=["XX"])


def test_every_covered_country_has_a_national_identifier_row() -> None:
    identifier_rows = [r for r in RECOGNIZERS if r.countries and r.rank == 88]
    covered = frozenset().union(*(r.countries for r in identifier_rows))
    assert registry.DEFAULT_COUNTRIES - {"US"} <= covered  # US_SSN runs for every policy
    new = {"AT_SSN", "CH_AHV", "BE_NATIONAL_NUMBER", "SE_PERSONNUMMER", "DK_CPR", "NO_FNR"}
    new |= {"FI_HETU", "CZ_BIRTH_NUMBER", "PT_NIF", "IE_PPS", "MX_CURP", "AR_CUIT"}
    new |= {"TR_TCKN", "JP_MY_NUMBER", "NZ_IRD", "ZA_ID", "LU_NATIONAL_ID", "NG_NIN"}
    assert new <= KNOWN_ENTITY_TYPES


def test_the_name_gazetteer_is_a_person_row_gated_by_a_capital() -> None:
    (row,) = [r for r in RECOGNIZERS if r.name == "name_gazetteer"]
    assert (row.entity_type, row.gate) == ("PERSON", Gate.UPPER)
    assert GATES[Gate.UPPER]("hello Anna") and not GATES[Gate.UPPER]("hello anna 42")
