"""Person names that the NER misses, found with a gazetteer of first names and surnames.

The lists are Faker's person providers of the covered countries' locales (Faker is a
dependency; nothing is downloaded), read once, when the first analyzer is built, into two
frozensets of case-folded names (also without accents). A run of capitalized words is a
name when it starts with a known first name and goes on with known surnames (or first
names), particles (``van der``, ``da``, ``bin``, ``al-``) or an initial; hyphenated and
apostrophe names count when their parts are known. Surname-first forms (``DUBOIS Camille``,
``Smith, John``) need both parts known.

Precision guards: first names that are also common words (Will, May, Rose, Mark, Grace...,
and the stop words of the European languages) count only next to a surname that is no
common word; words of streets and places (Street, Road, Hill...) are never surnames on their
own. One known part is enough after a strong cue (a greeting, a sign-off, ``Name:``, an
honorific) or when the name stands alone on its line (a signature).
"""

from __future__ import annotations

import functools
import importlib
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult

from governance.pii.name_stoplist import COMMON_WORDS, NEVER_SURNAMES

__all__ = [
    "FAKER_LOCALES",
    "NAME_WORD",
    "POSSESSIVE",
    "NameGazetteer",
    "NameGazetteerRecognizer",
    "load_gazetteer",
    "name_gazetteer",
]

#: Faker locales whose person providers feed the gazetteer (the 30 countries' languages and
#: more; lists in scripts other than Latin never match a Latin-script text).
FAKER_LOCALES: tuple[str, ...] = (
    *("en_US", "en_GB", "en_IE", "ga_IE", "en_NZ", "en_IN", "en", "fr_FR", "fr_CA", "fr_CH"),
    *("fr_BE", "nl_BE", "nl_NL", "de_DE", "de_AT", "de_CH", "de_LU", "es_ES", "es_MX"),
    *("es_AR", "pt_BR", "pt_PT", "it_IT", "pl_PL", "cs_CZ", "sv_SE", "da_DK", "no_NO"),
    *("fi_FI", "tr_TR", "ja_JP", "zu_ZA", "en_NG", "yo_NG"),
    # More cultures than the 30 countries: names travel (romanized lists where Faker has them).
    *("en_KE", "en_PK", "ha_NG", "ig_NG", "tw_GH", "sw", "es_CL", "es_CO", "es_CA", "fr_QC"),
    *("hu_HU", "hr_HR", "id_ID", "is_IS", "lt_LT", "lv_LV", "ro_RO", "sk_SK", "sl_SI"),
    *("et_EE", "vi_VN", "zh_CN", "zh_TW", "az_AZ", "uz_UZ", "en_TH", "de_LI"),
)
_LIST_ATTR = regex.compile(r"^(?:(first)|(last)|male_last|unisex_last)_(?:\w+_)?names(?:_\w+)?$")
_ONE = r"\p{L}[\p{L}\p{M}'’\-]*\p{L}"
#: A word of a name: letters, with apostrophes and hyphens inside (``O'Brien-Murphy``).
NAME_WORD = regex.compile(_ONE)
#: An English possessive at the end of a word (``Ravi's``).
POSSESSIVE = regex.compile(r"['’]s$")

_PARTICLES = (
    r"van|von|de|da|do|dos|das|del|della|degli|di|du|der|den|ten|ter|te|la|le|bin|binti|"
    r"ibn|bint|al|el|y|zu|af|av|ap|mac|st\.?"
)
_TOKEN = r"(?:(?:al|el|bin|ben|abu|ibn)[\-‐])?\p{Lu}(?:[\p{Ll}\p{Lu}\p{M}]|['’\-‐]\p{L})+"  # nosec B105  # a name pattern, not a password
_INITIAL = r"\p{Lu}\."
#: ``al-Sayed``, ``bin-Talal``: a particle joined to the surname.
_ARABIC_PREFIX = regex.compile(r"(?:al|el|bin|ben|abu|ibn)[\-‐]\p{Lu}")
#: A run of capitalized words, particles and initials (the candidates).
_RUN = regex.compile(
    rf"(?<![\p{{L}}\p{{N}}@_./\-'’])(?:{_TOKEN})"
    rf"(?:[ \t]+(?:(?:{_PARTICLES})[ \t]+)*(?:{_TOKEN}|{_INITIAL}))*"
    rf"(?![\p{{L}}\p{{N}}@_])"
)
_PIECE = regex.compile(
    rf"(?P<particle>(?<![^\s])(?:{_PARTICLES})(?=[ \t]))|(?P<name>{_TOKEN})|(?P<initial>{_INITIAL})"
)
#: ``SMITH, John`` / ``Smith, John``: surname, comma, first name.
_SURNAME_COMMA = regex.compile(
    rf"(?<![\p{{L}}\p{{N}}@_])({_TOKEN}),[ \t]+({_TOKEN})(?![\p{{L}}\p{{N}}@_])"
)
#: Strong cues right before a name (same line).
_CUE = regex.compile(
    r"(?i:\b(?:hi|hello|hey|dear|thanks|thank\s+you|cheers|regards|best|sincerely|bonjour|"
    r"salut|cher|chère|hallo|liebe[rs]?|sehr\s+geehrte[rs]?|hola|estimad[oa]|querid[oa]|ciao|"
    r"caro|cara|olá|hej|hei|moi|merhaba|mr|mrs|ms|miss|mx|dr|prof|mme|mlle|herr|frau|sr|sra|"
    r"sig|sig\.ra|name|nom|nombre|nome|naam|navn|namn|nimi|isim|ad[ıi]|kontakt|contact|"
    r"contato|contacto|attn|patient|patiente|client|cliente|kunde|tenant|employee|"
    r"employé|mitarbeiter|signed|signé|from|von|de\s+la\s+part\s+de|my\s+name\s+is|"
    r"i\s+am|i'm|je\s+suis|ich\s+bin|me\s+llamo|mi\s+chiamo|meu\s+nome\s+é)"
    r"\b[.:,]?[ \t]*)$"
)
#: A first name alone where only a person's name goes: addressed at the end of a line
#: (``please confirm, Jan.``), introducing oneself (``Sébastien from payroll``, ``Anna
#: here``), after ``it's``/``this is``/``c'est`` or a greeting or thanks (``cheers harper``).
_SINGLE = regex.compile(
    rf"(?<=,[ \t]{{0,3}})(?P<vocative>{_ONE})(?=[ \t]*[.!?]*[ \t]*(?:\r?\n|$))"
    rf"|(?<=(?:^|\n|[.!?][ \t]+|,[ \t]+)[ \t]*)(?P<intro>{_ONE})"
    r"(?=[ \t]+(?:here\b|from[ \t]+(?:the[ \t]+)?\p{Ll}))"
    r"|(?<=(?i:\b(?:it'?s|its|this[ \t]+is|c'est|ici|hier[ \t]+ist|soy|sono|sou|g'day|cheers|"
    r"thanks|thx|danke|merci|gracias|grazie|obrigad[oa]|hi|hey|hello|dear)[!,]?[ \t]+))"
    rf"(?P<cue>{_ONE})(?=[ \t]*(?:[,.!?;:)]|\r?\n|$))"
)
_SCORE_SINGLE = 0.7
_CUE_WINDOW = 40
_SCORE_PAIR = 0.8
_SCORE_CUE = 0.8
_SCORE_REVERSED = 0.75


def _fold(word: str) -> str:
    return word.casefold().replace("’", "'")


def _strip_accents(word: str) -> str:
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _names(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        value = value.keys()
    if not isinstance(value, list | tuple | Iterable) or isinstance(value, str):
        return
    for entry in value:
        if isinstance(entry, str):
            yield from NAME_WORD.findall(entry)


@dataclass(frozen=True)
class NameGazetteer:
    """Case-folded first names and surnames (each also without accents)."""

    first: frozenset[str]
    last: frozenset[str]

    def is_first(self, word: str) -> bool:
        """Whether ``word`` (or each part of a hyphenated one) is a known first name."""
        return _known(word, self.first)

    def is_last(self, word: str) -> bool:
        """Whether ``word`` is a known surname (parts of hyphenated and O'/D' names too)."""
        return _known(word, self.last)


_HYPHENS = regex.compile(r"[\-‐]")


def _known(word: str, names: frozenset[str]) -> bool:
    key = _fold(word)
    if key.endswith("'s") and len(key) > 4:
        key = key[:-2]
    if key in names or _strip_accents(key) in names:
        return True
    if "-" in key or "‐" in key:
        parts = [p for p in _HYPHENS.split(key) if p]
        if len(parts) > 1 and all(p in names or _strip_accents(p) in names for p in parts):
            return True
    return _apostrophe_known(key, names)


def _apostrophe_known(key: str, names: frozenset[str]) -> bool:
    """``o'brien``, ``d'angelo``: the part after a short head and an apostrophe."""
    head, sep, rest = key.partition("'")
    return bool(sep) and len(head) <= 2 and (rest in names or _strip_accents(rest) in names)


@functools.lru_cache(maxsize=1)
def load_gazetteer() -> NameGazetteer:
    """The gazetteer built from Faker's person providers (once per process)."""
    first: set[str] = set()
    last: set[str] = set()
    for locale in FAKER_LOCALES:
        try:
            provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        except (ImportError, AttributeError):
            continue
        for attr in dir(provider):
            kind = _LIST_ATTR.match(attr)
            if kind is None or "kana" in attr or "pairs" in attr:
                continue
            target = first if kind.group(1) else last
            for word in _names(getattr(provider, attr)):
                if len(word) >= 2 and word[0].isupper():
                    key = _fold(word)
                    target.update({key, _strip_accents(key)})
    return NameGazetteer(frozenset(first), frozenset(last))


@dataclass(frozen=True)
class _Piece:
    kind: str
    start: int
    end: int
    text: str


def _common(word: str) -> bool:
    return _fold(word) in COMMON_WORDS


class NameGazetteerRecognizer(EntityRecognizer):  # type: ignore[misc]
    """Names from the gazetteer (see the module docstring for the rules)."""

    def __init__(self, gazetteer: NameGazetteer) -> None:
        self.gazetteer = gazetteer
        super().__init__(supported_entities=["PERSON"], name="name_gazetteer")

    def load(self) -> None:
        """Nothing to load (the gazetteer is built)."""

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[Any]:
        """PERSON findings in ``text``."""
        results: list[RecognizerResult] = []
        for run in _RUN.finditer(text):
            pieces = [
                _Piece(str(m.lastgroup), run.start() + m.start(), run.start() + m.end(), m.group())
                for m in _PIECE.finditer(run.group())
            ]
            results.extend(self._in_run(text, pieces))
        for match in _SINGLE.finditer(text):
            if self._single_ok(match.group()):
                results.append(
                    RecognizerResult("PERSON", match.start(), match.end(), _SCORE_SINGLE)
                )
        for match in _SURNAME_COMMA.finditer(text):
            surname, first = match.group(1), match.group(2)
            if self._reversed_ok(first, surname):
                results.append(
                    RecognizerResult("PERSON", match.start(), match.end(), _SCORE_REVERSED)
                )
        return results

    def _single_ok(self, word: str) -> bool:
        """A known first name of three letters or more that is no common word."""
        return len(word) >= 3 and not _common(word) and self.gazetteer.is_first(word)

    def _pair_ok(self, first: str, surname: str) -> bool:
        g = self.gazetteer
        if not (g.is_first(first) and g.is_last(surname)):
            return False
        if _fold(surname) in NEVER_SURNAMES:
            return False
        return not (_common(first) and _common(surname))

    def _reversed_ok(self, first: str, surname: str) -> bool:
        """Surname-first forms: both known and neither a common word."""
        return self._pair_ok(first, surname) and not (_common(first) or _common(surname))

    def _in_run(self, text: str, pieces: list[_Piece]) -> Iterator[RecognizerResult]:
        i = 0
        while i < len(pieces):
            end = self._name_at(text, pieces, i)
            if end is None:
                i += 1
                continue
            stop = pieces[end].end
            if text[stop - 2 : stop] in ("'s", "’s"):
                stop -= 2
            yield RecognizerResult("PERSON", pieces[i].start, stop, _SCORE_PAIR)
            i = end + 1

    def _name_at(self, text: str, pieces: list[_Piece], i: int) -> int | None:
        """Index of the last piece of a name starting at piece ``i``, or None."""
        g = self.gazetteer
        head = pieces[i]
        if head.kind != "name":
            return None
        upper_first = head.text.isupper() and len(head.text) > 1
        # Surname first in capitals: DUBOIS Camille.
        if upper_first and i + 1 < len(pieces) and pieces[i + 1].kind == "name":
            nxt = pieces[i + 1].text
            if not nxt.isupper() and self._reversed_ok(nxt, head.text):
                return i + 1
        if not g.is_first(head.text):
            return None
        last, known_surname, particle = i, False, False
        j = i + 1
        while j < len(pieces):
            piece = pieces[j]
            if piece.kind == "particle":
                particle = True
            elif piece.kind == "initial":
                last = j
            elif _ARABIC_PREFIX.match(piece.text):
                known_surname, last = True, j
            elif particle or g.is_first(piece.text) or g.is_last(piece.text):
                surname_ok = _fold(piece.text) not in NEVER_SURNAMES
                known_surname |= (particle or g.is_last(piece.text)) and surname_ok
                last, particle = j, False
            else:
                break
            j += 1
        if last == i:
            return self._cued_pair(text, pieces, i)
        words = [p.text for p in pieces[i : last + 1] if p.kind == "name"]
        if (
            known_surname
            and not all(_common(w) for w in words)
            and (not _common(head.text) or any(g.is_last(w) and not _common(w) for w in words[1:]))
        ):
            return last
        return self._cued_pair(text, pieces, i)

    def _cued_pair(self, text: str, pieces: list[_Piece], i: int) -> int | None:
        """A known first name and the next capitalized word, after a cue or alone on a line."""
        head = pieces[i]
        if i + 1 >= len(pieces) or pieces[i + 1].kind == "particle" or _common(head.text):
            return None
        end = pieces[i + 1]
        if _fold(end.text) in NEVER_SURNAMES or _common(end.text):
            return None
        line_start = text.rfind("\n", 0, head.start) + 1
        line_end = text.find("\n", end.end)
        line_end = len(text) if line_end < 0 else line_end
        before = text[max(line_start, head.start - _CUE_WINDOW) : head.start]
        alone = not text[line_start : head.start].strip() and not text[end.end : line_end].strip()
        if alone or _CUE.search(before):
            return i + 1
        return None


def name_gazetteer(countries: tuple[str, ...]) -> NameGazetteerRecognizer:
    """Registry factory: names from the gazetteer (every country's lists)."""
    return NameGazetteerRecognizer(load_gazetteer())
