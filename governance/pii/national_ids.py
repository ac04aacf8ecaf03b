"""National identifiers and IBANs with checksums, validated by ``python-stdnum``.

Each identifier is a candidate regex plus a stdnum validator. A valid candidate gets the
score of its format: distinctive shapes (an Italian codice fiscale, a formatted Brazilian
CPF, a French NIR with its key) stand alone; bare digit runs that a random number passes
with fair odds (a Dutch BSN, an Australian TFN, an NHS number) score below the threshold
and need a context word (the registry's context column) to be reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from presidio_analyzer import EntityRecognizer, RecognizerResult
from stdnum import iban as std_iban
from stdnum.au import tfn
from stdnum.br import cnpj, cpf
from stdnum.ca import sin
from stdnum.de import idnr
from stdnum.es import dni, nie
from stdnum.fr import nir
from stdnum.gb import nhs
from stdnum.in_ import aadhaar, pan
from stdnum.it import codicefiscale
from stdnum.nl import bsn
from stdnum.pl import pesel

from governance.pii.patterns import AFTER_PHONE_PLUS

__all__ = [
    "ChecksumRecognizer",
    "IdFormat",
    "StdnumIbanRecognizer",
    "au_tfn",
    "br_cnpj",
    "br_cpf",
    "ca_sin",
    "checksum_ids",
    "de_tax_id",
    "es_nie",
    "es_nif",
    "fr_nir",
    "iban",
    "id_format",
    "in_aadhaar",
    "in_pan",
    "it_fiscal_code",
    "nl_bsn",
    "pl_pesel",
    "stdnum_check",
    "uk_nhs",
    "uk_nino",
    "valid_nino",
]

#: No ID right after a word character, '/', '-', or a phone's '+' (see AFTER_PHONE_PLUS).
_B = rf"(?<![\w/-]){AFTER_PHONE_PLUS}"
_E = r"(?![\w]|[/-]\w|[.,]\d)"


@dataclass(frozen=True)
class IdFormat:
    """A candidate pattern, the check a match must pass, and the score of a valid match."""

    pattern: re.Pattern[str]
    is_valid: Callable[[str], bool]
    score: float


def id_format(
    pattern: str, is_valid: Callable[[str], bool], score: float, *, ci: bool = False
) -> IdFormat:
    """``pattern`` between identifier boundaries, validated by ``is_valid``."""
    flags = re.IGNORECASE if ci else 0
    return IdFormat(re.compile(f"{_B}(?:{pattern}){_E}", flags), is_valid, score)


class ChecksumRecognizer(EntityRecognizer):  # type: ignore[misc]
    """Candidates of one entity type that pass their checksum."""

    def __init__(self, name: str, entity_type: str, formats: tuple[IdFormat, ...]) -> None:
        self.formats = formats
        super().__init__(supported_entities=[entity_type], name=name)

    def load(self) -> None:
        """Nothing to load."""

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[Any]:
        """Valid identifiers in ``text`` (the best score per span)."""
        best: dict[tuple[int, int], float] = {}
        for fmt in self.formats:
            for match in fmt.pattern.finditer(text):
                span = match.span()
                if fmt.score > best.get(span, 0.0) and fmt.is_valid(match.group()):
                    best[span] = fmt.score
        entity = self.supported_entities[0]
        return [RecognizerResult(entity, a, b, s) for (a, b), s in best.items()]


# -- UK National Insurance number: pattern and prefix rules (HMRC NIM39110) ------------------
_NINO_BAD_PREFIXES = frozenset({"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"})
_NINO = r"[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][ ]?\d{2}[ ]?\d{2}[ ]?\d{2}[ ]?[A-D]"


def valid_nino(value: str) -> bool:
    """UK NINO prefix rules: no D, F, I, Q, U, V; no O second; no BG, GB, NK, KN, TN, NT, ZZ.

    >>> valid_nino("QQ 12 34 56 C"), valid_nino("AB123456C"), valid_nino("GB123456A")
    (False, True, False)
    """
    compact = value.replace(" ", "").upper()
    return re.fullmatch(_NINO, compact) is not None and compact[:2] not in _NINO_BAD_PREFIXES


def _iban_valid(value: str) -> bool:
    return bool(std_iban.is_valid(value, check_country=False))


class StdnumIbanRecognizer(EntityRecognizer):  # type: ignore[misc]
    """IBANs of every IBAN country, spaced or not: the longest prefix of a candidate run of
    letters and digits that passes ISO 13616 (mod 97 and the country's BBAN structure)."""

    _RUN = re.compile(r"(?<![\w])[A-Z]{2}\d{2}(?:[ \-]?[A-Z0-9]){11,30}", re.IGNORECASE)
    _MIN, _MAX = 15, 34

    def __init__(self) -> None:
        super().__init__(supported_entities=["IBAN_CODE"], name="iban")

    def load(self) -> None:
        """Nothing to load."""

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[Any]:
        """Valid IBANs; the span ends at the last character of the valid prefix."""
        results: list[RecognizerResult] = []
        for match in self._RUN.finditer(text):
            positions = [match.start() + i for i, c in enumerate(match.group()) if c.isalnum()]
            compact = "".join(text[i] for i in positions)
            for length in range(min(len(compact), self._MAX), self._MIN - 1, -1):
                end = positions[length - 1] + 1
                if end < len(text) and text[end].isalnum():
                    continue
                if _iban_valid(compact[:length]):
                    results.append(RecognizerResult("IBAN_CODE", match.start(), end, 1.0))
                    break
        return results


def iban(countries: tuple[str, ...]) -> StdnumIbanRecognizer:
    """Registry factory: IBANs (every country; an IBAN names its own)."""
    return StdnumIbanRecognizer()


def stdnum_check(module: Any) -> Callable[[str], bool]:
    """A validator calling ``module.is_valid`` (a python-stdnum module)."""

    def check(value: str) -> bool:
        return bool(module.is_valid(value))

    return check


def checksum_ids(name: str, entity: str, *formats: IdFormat) -> ChecksumRecognizer:
    """A recognizer of ``entity`` from candidate formats."""
    return ChecksumRecognizer(name, entity, formats)


_D3 = r"\d{3}"
_SP = r"[ .\-]?"


def uk_nino(countries: tuple[str, ...]) -> ChecksumRecognizer:
    """UK National Insurance number (distinctive shape)."""
    return checksum_ids("uk_nino", "UK_NINO", id_format(_NINO, valid_nino, 0.75, ci=True))


def uk_nhs(countries: tuple[str, ...]) -> ChecksumRecognizer:
    """NHS number: ten digits, mod 11 (needs context: phones look the same)."""
    return checksum_ids(
        "uk_nhs", "UK_NHS", id_format(r"\d{3}[ \-]?\d{3}[ \-]?\d{4}", stdnum_check(nhs), 0.3)
    )


def es_nif(countries: tuple[str, ...]) -> ChecksumRecognizer:
    """Spanish DNI: eight digits and a check letter."""
    return checksum_ids(
        "es_nif", "ES_NIF", id_format(r"\d{8}[ \-]?[A-Z]", stdnum_check(dni), 0.75, ci=True)
    )


def es_nie(countries: tuple[str, ...]) -> ChecksumRecognizer:
    """Spanish NIE: X/Y/Z, seven digits and a check letter."""
    return checksum_ids(
        "es_nie",
        "ES_NIE",
        id_format(r"[XYZ][ \-]?\d{7}[ \-]?[A-Z]", stdnum_check(nie), 0.85, ci=True),
    )


_CF_DIGIT = "[0-9LMNPQRSTUV]"


def it_fiscal_code(countries: tuple[str, ...]) -> ChecksumRecognizer:
    """Italian codice fiscale (omocodia letters allowed)."""
    pattern = rf"[A-Z]{{6}}{_CF_DIGIT}{{2}}[A-EHLMPR-T]{_CF_DIGIT}{{2}}[A-Z]{_CF_DIGIT}{{3}}[A-Z]"
    return checksum_ids(
        "it_fiscal_code",
        "IT_FISCAL_CODE",
        id_format(pattern, stdnum_check(codicefiscale), 0.9, ci=True),
    )


def de_tax_id(countries: tuple[str, ...]) -> ChecksumRecognizer:
    """German Steuer-Identifikationsnummer: eleven digits, ISO 7064 check digit."""
    return checksum_ids(
        "de_tax_id",
        "DE_TAX_ID",
        id_format(r"[1-9]\d[ ]?\d{3}[ ]?\d{3}[ ]?\d{3}", stdnum_check(idnr), 0.4),
    )


def fr_nir(countries: tuple[str, ...]) -> ChecksumRecognizer:
    """French NIR (numéro de sécurité sociale): 13 digits and a mod-97 key."""
    pattern = (
        r"[12][ ]?\d{2}[ ]?(?:0[1-9]|1[0-2]|[2-9]\d)[ ]?(?:\d{2}|2[AB])[ ]?\d{3}[ ]?\d{3}"
        r"[ ]?\d{2}"
    )
    return checksum_ids("fr_nir", "FR_NIR", id_format(pattern, stdnum_check(nir), 0.75, ci=True))


def pl_pesel(countries: tuple[str, ...]) -> ChecksumRecognizer:
    """Polish PESEL: eleven digits with a birth date and a check digit."""
    return checksum_ids("pl_pesel", "PL_PESEL", id_format(r"\d{11}", stdnum_check(pesel), 0.45))


def nl_bsn(countries: tuple[str, ...]) -> ChecksumRecognizer:
    """Dutch BSN: nine digits, eleven-test (needs context)."""
    return checksum_ids(
        "nl_bsn", "NL_BSN", id_format(r"\d{4}[ .]?\d{2}[ .]?\d{3}|\d{9}", stdnum_check(bsn), 0.35)
    )


def ca_sin(countries: tuple[str, ...]) -> ChecksumRecognizer:
    """Canadian SIN: nine digits, Luhn (needs context)."""
    return checksum_ids(
        "ca_sin", "CA_SIN", id_format(rf"[1-79]\d\d{_SP}{_D3}{_SP}{_D3}", stdnum_check(sin), 0.4)
    )


def au_tfn(countries: tuple[str, ...]) -> ChecksumRecognizer:
    """Australian TFN: eight or nine digits, weighted check (needs context)."""
    return checksum_ids(
        "au_tfn", "AU_TFN", id_format(r"\d{3}[ ]?\d{3}[ ]?\d{2,3}", stdnum_check(tfn), 0.35)
    )


def in_aadhaar(countries: tuple[str, ...]) -> ChecksumRecognizer:
    """Indian Aadhaar: twelve digits, Verhoeff."""
    return checksum_ids(
        "in_aadhaar",
        "IN_AADHAAR",
        id_format(r"[2-9]\d{3}[ \-]?\d{4}[ \-]?\d{4}", stdnum_check(aadhaar), 0.4),
    )


def in_pan(countries: tuple[str, ...]) -> ChecksumRecognizer:
    """Indian PAN: five letters (fourth: holder type), four digits, a letter."""
    return checksum_ids(
        "in_pan",
        "IN_PAN",
        id_format(r"[A-Z]{3}[ABCFGHJLPT][A-Z]\d{4}[A-Z]", stdnum_check(pan), 0.6),
    )


def br_cpf(countries: tuple[str, ...]) -> ChecksumRecognizer:
    """Brazilian CPF: formatted ``000.000.000-00`` stands alone; bare digits need context."""
    return checksum_ids(
        "br_cpf",
        "BR_CPF",
        id_format(r"\d{3}\.\d{3}\.\d{3}-\d{2}", stdnum_check(cpf), 0.85),
        id_format(r"\d{11}", stdnum_check(cpf), 0.4),
    )


def br_cnpj(countries: tuple[str, ...]) -> ChecksumRecognizer:
    """Brazilian CNPJ: formatted ``00.000.000/0000-00`` stands alone; bare digits need context."""
    return checksum_ids(
        "br_cnpj",
        "BR_CNPJ",
        id_format(r"\d{2}\.\d{3}\.\d{3}/\d{4}-\d{2}", stdnum_check(cnpj), 0.85),
        id_format(r"\d{14}", stdnum_check(cnpj), 0.4),
    )
