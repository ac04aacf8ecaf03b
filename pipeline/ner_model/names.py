"""Person names of many cultures, written the ways people write them (training data only).

Given and family names come from Faker in Latin-script locales of six continents, plus the
romanized Japanese and Chinese name lists and a transliteration of the Cyrillic ones. Each
name is then written in one of the forms seen in support, HR and care texts: given-family,
family-first, ``FAMILY, Given``, lower case, upper case, initials, middle names, hyphenated
and apostrophe family names. Faker is MIT-licensed; no held-out benchmark source is read.
"""

from __future__ import annotations

import random
import unicodedata
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
#: Cultures with no Latin-script Faker list: romanized name parts of this module's own.
_KOREAN_GIVEN = (
    "Ji-woo", "Min-jun", "Seo-yeon", "Ha-eun", "Do-yoon", "Ji-ho", "Soo-ah", "Eun-ji",
    "Hyun-woo", "Ye-jin", "Jae-won", "Min-seo", "Sung-min", "Da-eun", "Tae-yang", "Yuna",
    "Jisoo", "Minho", "Hana", "Jiwon",
)  # fmt: skip
_KOREAN_FAMILY = (
    "Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han",
    "Oh", "Seo", "Shin", "Kwon", "Hwang", "Ahn", "Song", "Jeon", "Hong", "Baek", "Moon",
)  # fmt: skip
_ARABIC_GIVEN = (
    "Mohammed", "Ahmed", "Khalid", "Omar", "Youssef", "Fatima", "Aisha", "Layla", "Noor",
    "Hassan", "Ali", "Ibrahim", "Mariam", "Zainab", "Tariq", "Rania", "Samir", "Hana",
    "Yusuf", "Karim", "Nadia", "Salma", "Amir", "Faisal", "Huda", "Bilal", "Rashid",
)  # fmt: skip
_ARABIC_FAMILY = (
    "Al-Mansoori", "Al-Hashimi", "Haddad", "Khoury", "Nasser", "El-Amin", "Bakr", "Saleh",
    "Farouk", "Hamdan", "Qureshi", "Rahman", "Aziz", "El Amrani", "Benali", "Bouzid",
    "Al-Farsi", "Mansour", "Darwish", "Abdullah", "Haddadi", "Chaoui", "Ben Youssef",
)  # fmt: skip
#: First names that are also English words: written where only a name fits.
_WORD_NAMES = (
    "Will", "Grace", "Joy", "Summer", "Hope", "Faith", "Rose", "Mark", "Bill", "Iris",
    "Dawn", "Sky", "Pat", "Bob", "Rich", "Autumn", "Ruby", "Jade", "Frank", "Sunny",
)  # fmt: skip
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


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


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
        roll = self.rng.random()
        if roll < 0.04:
            return self.rng.choice(_KOREAN_GIVEN), self.rng.choice(_KOREAN_FAMILY)
        if roll < 0.08:
            given, family = self.rng.choice(_ARABIC_GIVEN), self.rng.choice(_ARABIC_FAMILY)
            if self.rng.random() < 0.3:
                link = self.rng.choice(("bin", "ibn", "bint"))
                family = f"{link} {self.rng.choice(_ARABIC_GIVEN)} {family}"
            return given, family
        if roll < 0.10:
            return self.rng.choice(_WORD_NAMES), self._faker_parts()[1]
        return self._faker_parts()

    def native(self) -> str:
        """A name in Japanese or Chinese script (as written next to its romanization)."""
        fake = _faker(self.rng.choice(("ja_JP", "zh_CN")))
        fake.seed_instance(self.rng.randrange(1 << 30))
        family, given = fake.last_name(), fake.first_name()
        return f"{family}{self.rng.choice(('', ' '))}{given}"

    def user(self) -> str:
        """A user name made from a person's name (``anna.lindqvist``, ``jkowalczyk``)."""
        given, family = (_ascii(p).lower() for p in self._faker_parts())
        family = family.replace(" ", "").replace("'", "")
        given = given.replace(" ", "")
        form = self.rng.randrange(5)
        if form == 0:
            return f"{given}.{family}"
        if form == 1:
            return f"{given[:1]}{family}"
        if form == 2:
            return f"{given}_{family}"
        if form == 3:
            return f"{given[:1]}.{family}"
        return f"{given}{family[:1]}"

    def _faker_parts(self) -> tuple[str, str]:
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
