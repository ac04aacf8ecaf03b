"""Names in the columns of a table with a header row: CSV, TSV, pipe- and semicolon-separated
exports (``name,email,city`` / ``"Okafor, Chidi",chidi@...,Abuja``).

A header row is a line of at least two short cells without digits or ``@``, one of which
names a person column (``name``, ``first_name``, ``Last Name``, ``nom``, ``Nachname``...).
The rows under it, up to a blank line or a row with another number of cells, are read with
the same delimiter (quoted cells may hold the delimiter); a cell of a person column that
holds letters, no digit, ``@`` or ``/``, is a PERSON. The NER reads such rows badly: no
sentence, names next to e-mails and numbers.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult

__all__ = ["TableNameRecognizer", "table_names"]

_DELIMITERS = (",", ";", "\t", "|")
_PERSON_COLUMN = regex.compile(
    r"(?i)(?:customer|contact|client|employee|patient|account|card|holder|user|member|"
    r"guest|owner|full|first|last|given|family|display|sur|fore)?[ _.\-]?"
    r"(?:name|nom|surname|firstname|lastname|forename|holder)"
    r"|first|last|nom|prénom|prenom|prénoms|vorname|nachname|nombre|apellidos?|nome|cognome|"
    r"sobrenome|naam|voornaam|achternaam|imię|nazwisko|förnamn|efternamn|fornavn|etternavn|"
    r"etunimi|sukunimi|ad[ıi]|soyad[ıi]|jméno|příjmení|customer|contact|employee|patient|"
    r"holder|account[ _]holder|cardholder"
)
_HEADER_CELL = regex.compile(r"[\p{L}][\p{L} _.()\-/#]{0,30}")
_VALUE = regex.compile(r"\p{L}")
_NOT_VALUE = regex.compile(r"[\d@/\\=<>{}\[\]]")
_SCORE = 0.8


def _cells(line: str, offset: int, delimiter: str) -> list[tuple[int, int]]:
    """(start, end) of each cell's content, unquoted and stripped, in text offsets."""
    cells: list[tuple[int, int]] = []
    i, n = 0, len(line)
    while i <= n:
        j = i
        while j < n and line[j] in " \t" and line[j] != delimiter:
            j += 1
        if j < n and line[j] == '"':
            close = line.find('"', j + 1)
            if close < 0:
                return []
            cells.append((offset + j + 1, offset + close))
            k = close + 1
            while k < n and line[k] != delimiter:
                k += 1
        else:
            k = line.find(delimiter, i)
            k = n if k < 0 else k
            start, end = i, k
            while start < end and line[start] in " \t":
                start += 1
            while end > start and line[end - 1] in " \t\r":
                end -= 1
            cells.append((offset + start, offset + end))
        i = k + 1
    return cells


def _lines(text: str) -> Iterator[tuple[int, str]]:
    offset = 0
    for line in text.split("\n"):
        yield offset, line
        offset += len(line) + 1


def _header(text: str, line: str, offset: int) -> tuple[str, list[int], int] | None:
    """(delimiter, person column indexes, cell count) when ``line`` is a header row."""
    for delimiter in _DELIMITERS:
        if delimiter not in line:
            continue
        cells = [text[a:b] for a, b in _cells(line, offset, delimiter)]
        if len(cells) < 2 or not all(_HEADER_CELL.fullmatch(c) for c in cells if c):
            continue
        columns = [i for i, c in enumerate(cells) if _PERSON_COLUMN.fullmatch(c.strip())]
        if columns:
            return delimiter, columns, len(cells)
    return None


class TableNameRecognizer(EntityRecognizer):  # type: ignore[misc]
    """PERSON cells of tables with a header row (see the module docstring)."""

    def __init__(self) -> None:
        super().__init__(supported_entities=["PERSON"], name="table_names")

    def load(self) -> None:
        """Nothing to load."""

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[Any]:
        """PERSON findings in the person columns of every table in ``text``."""
        if "\n" not in text:
            return []
        results: list[RecognizerResult] = []
        header: tuple[str, list[int], int] | None = None
        for offset, line in _lines(text):
            if header is not None:
                delimiter, columns, count = header
                cells = _cells(line, offset, delimiter) if line.strip() else []
                if len(cells) == count:
                    results.extend(self._row(text, cells, columns))
                    continue
            header = _header(text, line, offset)
        return results

    @staticmethod
    def _row(
        text: str, cells: list[tuple[int, int]], columns: list[int]
    ) -> Iterator[RecognizerResult]:
        for index in columns:
            start, end = cells[index]
            value = text[start:end]
            if 0 < end - start <= 60 and _VALUE.search(value) and not _NOT_VALUE.search(value):
                yield RecognizerResult("PERSON", start, end, _SCORE)


def table_names(countries: tuple[str, ...]) -> TableNameRecognizer:
    """Registry factory: names in person columns of tables (every country)."""
    return TableNameRecognizer()
