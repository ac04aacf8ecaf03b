"""Person names of many cultures, written the ways people write them (training data only).

Given and family names come from Faker in Latin-script locales of six continents, plus the
romanized Japanese and Chinese name lists and a transliteration of the Cyrillic ones. Each
name is then written in one of the forms seen in support, HR and care texts: given-family,
family-first, ``FAMILY, Given``, lower case, upper case, initials, middle names, hyphenated
and apostrophe family names. Faker is MIT-licensed; no held-out benchmark source is read.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from functools import cache

from faker import Faker

__all__ = ["NAME_LOCALES", "NameMaker"]

#: Faker locales whose names are in Latin script (or romanized below).
NAME_LOCALES: tuple[str, ...] = (
    "en_US", "en_GB", "en_IE", "en_CA", "en_AU", "en_NZ", "en_IN", "en_NG", "en_PH",
    "en_KE", "en_PK", "fr_FR", "fr_CA", "fr_BE", "fr_CH", "de_DE", "de_AT", "de_CH",
    "nl_NL", "nl_BE", "lb_LU", "es_ES", "es_MX", "es_AR", "es_CO", "es_CL", "pt_PT",
    "pt_BR", "it_IT", "pl_PL", "cs_CZ", "sk_SK", "sv_SE", "da_DK", "no_NO", "fi_FI",
    "is_IS", "et_EE", "lt_LT", "lv_LV", "hu_HU", "ro_RO", "hr_HR", "sl_SI", "sq_AL",
    "tr_TR", "az_AZ", "id_ID", "vi_VN", "fil_PH", "yo_NG", "ig_NG", "ha_NG", "zu_ZA",
    "sw", "tw_GH", "ga_IE", "mt_MT", "ja_JP", "zh_CN", "ru_RU", "uk_UA",
)  # fmt: skip

_ROMANIZED = {"ja_JP", "zh_CN"}
_CYRILLIC = {"ru_RU", "uk_UA"}
#: Latin letters for each Cyrillic letter above ("-": dropped).
_CYR_LATIN = "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch - y - e yu ya i yi ye g"
_CYR = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ",
        _CYR_LATIN.split(" "),
        strict=True,
    )
)


def _latin(text: str) -> str:
    out = []
    for ch in text:
        low = ch.lower()
        if low in _CYR:
            rep = _CYR[low].replace("-", "")
            out.append(rep.capitalize() if ch.isupper() else rep)
        else:
            out.append(ch)
    return "".join(out)


@cache
def _faker(locale: str) -> Faker:
    fake = Faker(locale)
    fake.seed_instance(hash(locale) % 10_000)
    return fake


class NameMaker:
    """Draws ``(given, family)`` pairs and writes them in a random form."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def parts(self) -> tuple[str, str]:
        fake = _faker(self.rng.choice(NAME_LOCALES))
        fake.seed_instance(self.rng.randrange(1 << 30))
        loc = str(fake.locales[0]) if hasattr(fake, "locales") else ""
        if loc in _ROMANIZED:
            given, family = fake.first_romanized_name(), fake.last_romanized_name()
        else:
            given, family = fake.first_name(), fake.last_name()
        if loc in _CYRILLIC:
            given, family = _latin(given), _latin(family)
        return given.strip(), family.strip()

    def family(self, family: str | None = None) -> str:
        family = family or self.parts()[1]
        roll = self.rng.random()
        if roll < 0.08:
            return f"{family}-{self.parts()[1]}"
        if roll < 0.12 and " " not in family and family[:1].isupper():
            return (
                self.rng.choice(("O'", "D'", "N'", "Mc", "Mac", "van ", "de ", "da ", "di "))
                + family
            )
        return family

    def given(self) -> str:
        return self.parts()[0]

    def full(self) -> str:
        """A whole name in one of the common written forms."""
        given, family = self.parts()
        family = self.family(family)
        forms: list[tuple[float, Callable[[], str]]] = [
            (30, lambda: f"{given} {family}"),
            (6, lambda: f"{given} {self.given()} {family}"),
            (4, lambda: f"{given} {self.given()[0]}. {family}"),
            (6, lambda: f"{family}, {given}"),
            (4, lambda: f"{family.upper()} {given}"),
            (3, lambda: f"{family.upper()}, {given}"),
            (3, lambda: f"{given} {family.upper()}"),
            (4, lambda: f"{family} {given}"),
            (3, lambda: f"{given} {family}".lower()),
            (3, lambda: f"{given} {family}".upper()),
            (4, lambda: f"{given[0]}. {family}"),
            (2, lambda: f"{given[0]}.{family}"),
        ]
        weights = [w for w, _ in forms]
        return self.rng.choices([f for _, f in forms], weights=weights)[0]()
