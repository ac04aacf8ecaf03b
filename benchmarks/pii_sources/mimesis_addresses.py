"""Postal addresses of 30 countries in their own layouts, from mimesis street and city names.

Where mimesis has no locale (IN, JP, NG, ZA, NZ, IE, LU, AR) the street and place names come
from the short lists below and the layout is the country's. ``postal_address`` returns one
line (parts joined with ``, ``) or several lines (the layout of an envelope).
"""

from __future__ import annotations

import random
from collections.abc import Callable

from mimesis import Address
from mimesis.locales import Locale

__all__ = ["ADDRESS_LAYOUTS", "postal_address"]

_IN_STREETS = (
    "MG Road",
    "Linking Road",
    "Anna Salai",
    "Park Street",
    "Brigade Road",
    "Nehru Nagar Main Road",
    "Ring Road",
)
_IN_PLACES = (
    ("Bengaluru", "560001"),
    ("Mumbai", "400050"),
    ("Chennai", "600002"),
    ("Kolkata", "700016"),
    ("Pune", "411001"),
    ("New Delhi", "110001"),
)
_JP_PLACES = (
    ("Shibuya", "Shibuya-ku", "Tokyo", "150-0002"),
    ("Umeda", "Kita-ku", "Osaka", "530-0001"),
    ("Sakae", "Naka-ku", "Nagoya", "460-0008"),
    ("Tenjin", "Chuo-ku", "Fukuoka", "810-0001"),
)
_NG_STREETS = (
    "Adeola Odeku Street",
    "Awolowo Road",
    "Allen Avenue",
    "Herbert Macaulay Way",
    "Ahmadu Bello Way",
)
_NG_PLACES = (
    ("Victoria Island", "Lagos", "101241"),
    ("Ikeja", "Lagos", "100271"),
    ("Wuse II", "Abuja", "900288"),
    ("Bodija", "Ibadan", "200284"),
)
_ZA_STREETS = (
    "Jan Smuts Avenue",
    "Long Street",
    "Voortrekker Road",
    "Oxford Road",
    "Florida Road",
    "Church Street",
)
_ZA_PLACES = (
    ("Rosebank", "Johannesburg", "2196"),
    ("Gardens", "Cape Town", "8001"),
    ("Morningside", "Durban", "4001"),
    ("Hatfield", "Pretoria", "0083"),
)
_NZ_PLACES = (
    ("Ponsonby", "Auckland", "1011"),
    ("Te Aro", "Wellington", "6011"),
    ("Riccarton", "Christchurch", "8011"),
    ("Dunedin Central", "Dunedin", "9016"),
)
_IE_PLACES = (
    ("Dublin 2", "D02 X285"),
    ("Cork", "T12 RX7D"),
    ("Galway", "H91 E2K3"),
    ("Limerick", "V94 T9PX"),
    ("Dublin 8", "D08 VF8H"),
)
_LU_PLACES = (
    ("Luxembourg", "L-1724"),
    ("Esch-sur-Alzette", "L-4002"),
    ("Differdange", "L-4530"),
    ("Ettelbruck", "L-9010"),
)
_AR_PLACES = (
    ("C1425", "Buenos Aires", "CABA"),
    ("X5000", "Córdoba", "Córdoba"),
    ("S2000", "Rosario", "Santa Fe"),
    ("M5500", "Mendoza", "Mendoza"),
)
_COUNTRY_NAMES = {
    "US": "USA",
    "CA": "Canada",
    "MX": "México",
    "BR": "Brasil",
    "AR": "Argentina",
    "GB": "United Kingdom",
    "IE": "Ireland",
    "FR": "France",
    "DE": "Deutschland",
    "AT": "Österreich",
    "CH": "Schweiz",
    "BE": "België",
    "NL": "Nederland",
    "LU": "Luxembourg",
    "ES": "España",
    "PT": "Portugal",
    "IT": "Italia",
    "PL": "Polska",
    "CZ": "Česko",
    "SE": "Sverige",
    "DK": "Danmark",
    "NO": "Norge",
    "FI": "Suomi",
    "TR": "Türkiye",
    "IN": "India",
    "JP": "Japan",
    "AU": "Australia",
    "NZ": "New Zealand",
    "ZA": "South Africa",
    "NG": "Nigeria",
}

_CPA_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
_IN_BUILDINGS = ("Sai Residency", "Green Park Apartments", "Shanti Niketan")
Parts = list[str]
Layout = Callable[[Address, random.Random], Parts]


def _n(rng: random.Random, hi: int = 250) -> str:
    return str(rng.randint(1, hi))


def _us(a: Address, r: random.Random) -> Parts:
    unit = r.choice(
        [
            "",
            f" Apt {r.randint(1, 40)}{r.choice('ABC')}",
            f", Suite {r.randint(100, 900)}",
            f" #{r.randint(2, 30)}",
        ]
    )
    if r.random() < 0.15:
        return [
            f"P.O. Box {r.randint(10, 9999)}",
            f"{a.city()}, {a.state(abbr=True)} {a.zip_code()}",
        ]
    return [
        f"{_n(r, 9999)} {a.street_name()} {a.street_suffix()}{unit}",
        f"{a.city()}, {a.state(abbr=True)} {a.zip_code()}",
    ]


def _ca(a: Address, r: random.Random) -> Parts:
    prov = a.state(abbr=True).removeprefix("CA-")
    return [
        f"{r.choice(['', f'{r.randint(1, 30)}-'])}{_n(r, 9999)} "
        f"{a.street_name()} {a.street_suffix()}",
        f"{a.city()} {prov} {a.postal_code()}",
    ]


def _street_first(a: Address, r: random.Random) -> Parts:
    return [f"{a.street_name()} {_n(r)}", f"{a.postal_code()} {a.city()}"]


def _fr(a: Address, r: random.Random) -> Parts:
    kind = r.choice(["rue", "avenue", "boulevard", "place", "allée", "chemin", "rue de la"])
    return [
        f"{_n(r, 180)}{r.choice(['', ' bis', ' ter'])} {kind} {a.street_name()}",
        f"{a.postal_code()} {a.city().upper() if r.random() < 0.3 else a.city()}",
    ]


def _it(a: Address, r: random.Random) -> Parts:
    return [
        f"{a.street_suffix()} {a.street_name()} {_n(r, 200)}",
        f"{a.postal_code()} {a.city()} ({a.state(abbr=True)})",
    ]


def _es(a: Address, r: random.Random) -> Parts:
    return [
        f"{a.street_name()}, {_n(r, 200)}, {r.randint(1, 8)}º {r.choice('ABCD')}",
        f"{a.postal_code()} {a.city()}",
    ]


def _pt(a: Address, r: random.Random) -> Parts:
    return [
        f"{a.street_name()} {_n(r, 300)}, {r.randint(1, 6)}º Esq.",
        f"{a.postal_code()}-{r.randint(0, 999):03d} {a.city()}",
    ]


def _br(a: Address, r: random.Random) -> Parts:
    cep = f"{r.randint(10000, 99999)}-{r.randint(0, 999):03d}"
    return [
        f"{a.street_suffix()} {a.street_name()}, {_n(r, 2000)} - apto {r.randint(11, 1204)}",
        f"{a.city()} - {a.state(abbr=True).removeprefix('BR-')}, CEP {cep}",
    ]


def _mx(a: Address, r: random.Random) -> Parts:
    return [
        f"{a.street_name()} {_n(r, 999)}, Col. {a.city()}",
        f"{a.postal_code()} {a.city()}, {a.state()}",
    ]


def _pl(a: Address, r: random.Random) -> Parts:
    return [f"{a.street_name()} {_n(r, 120)}/{r.randint(1, 60)}", f"{a.postal_code()} {a.city()}"]


def _tr(a: Address, r: random.Random) -> Parts:
    return [
        f"{a.street_name()} No: {_n(r, 120)} D: {r.randint(1, 20)}",
        f"{a.postal_code()} {a.city()}/{a.state()}",
    ]


def _gb(a: Address, r: random.Random) -> Parts:
    flat = r.choice(["", f"Flat {r.randint(1, 24)}, ", f"{r.randint(1, 9)}{r.choice('ab')} "])
    return [f"{flat}{_n(r, 300)} {a.street_name()} {a.street_suffix()}", a.city(), a.postal_code()]


def _au(a: Address, r: random.Random) -> Parts:
    unit = r.choice(["", f"Unit {r.randint(1, 40)}, ", f"{r.randint(1, 40)}/"])
    return [
        f"{unit}{_n(r, 400)} {a.street_name()} {a.street_suffix()}",
        f"{a.city()} {a.state(abbr=True)} {a.postal_code()}",
    ]


def _nz(a: Address, r: random.Random) -> Parts:
    suburb, city, code = r.choice(_NZ_PLACES)
    return [f"{_n(r, 300)} {a.street_name()} {a.street_suffix()}", suburb, f"{city} {code}"]


def _ie(a: Address, r: random.Random) -> Parts:
    city, eircode = r.choice(_IE_PLACES)
    return [f"{_n(r, 120)} {a.street_name()} {a.street_suffix()}", city, eircode]


def _lu(a: Address, r: random.Random) -> Parts:
    city, code = r.choice(_LU_PLACES)
    return [f"{_n(r, 120)}, rue {a.street_name()}", f"{code} {city}"]


def _ar(a: Address, r: random.Random) -> Parts:
    code, city, province = r.choice(_AR_PLACES)
    return [
        f"Av. {a.street_name()} {_n(r, 4000)}, piso {r.randint(1, 12)}",
        f"{code}{''.join(r.choice(_CPA_LETTERS) for _ in range(3))} {city}, {province}",
    ]


def _in(a: Address, r: random.Random) -> Parts:
    city, pin = r.choice(_IN_PLACES)
    return [
        f"Flat {r.randint(101, 1204)}, {r.choice(_IN_BUILDINGS)}",
        f"{_n(r, 99)} {r.choice(_IN_STREETS)}",
        f"{city} - {pin[:3]}{r.randint(0, 999):03d}",
    ]


def _jp(a: Address, r: random.Random) -> Parts:
    area, ward, city, code = r.choice(_JP_PLACES)
    return [
        f"{r.randint(1, 5)}-{r.randint(1, 30)}-{r.randint(1, 20)} {area}",
        f"{ward}, {city} {code}",
    ]


def _ng(a: Address, r: random.Random) -> Parts:
    area, city, code = r.choice(_NG_PLACES)
    return [f"{_n(r, 90)} {r.choice(_NG_STREETS)}", f"{area}, {city} {code}"]


def _za(a: Address, r: random.Random) -> Parts:
    suburb, city, code = r.choice(_ZA_PLACES)
    return [f"{_n(r, 300)} {r.choice(_ZA_STREETS)}", suburb, f"{city}, {code}"]


#: Country -> (mimesis locale for street and city names, layout).
ADDRESS_LAYOUTS: dict[str, tuple[str, Layout]] = {
    "US": ("en", _us),
    "CA": ("en-ca", _ca),
    "MX": ("es-mx", _mx),
    "BR": ("pt-br", _br),
    "AR": ("es", _ar),
    "GB": ("en-gb", _gb),
    "IE": ("en-gb", _ie),
    "FR": ("fr", _fr),
    "DE": ("de", _street_first),
    "AT": ("de-at", _street_first),
    "CH": ("de-ch", _street_first),
    "BE": ("nl-be", _street_first),
    "NL": ("nl", _street_first),
    "LU": ("fr", _lu),
    "ES": ("es", _es),
    "PT": ("pt", _pt),
    "IT": ("it", _it),
    "PL": ("pl", _pl),
    "CZ": ("cs", _street_first),
    "SE": ("sv", _street_first),
    "DK": ("da", _street_first),
    "NO": ("no", _street_first),
    "FI": ("fi", _street_first),
    "TR": ("tr", _tr),
    "IN": ("en", _in),
    "JP": ("en", _jp),
    "AU": ("en-au", _au),
    "NZ": ("en-au", _nz),
    "ZA": ("en", _za),
    "NG": ("en", _ng),
}


def postal_address(
    country: str, rng: random.Random, *, multiline: bool, with_country: bool = False
) -> str:
    """An address of ``country``: one line or, with ``multiline``, one part per line."""
    locale, layout = ADDRESS_LAYOUTS[country]
    parts = layout(Address(Locale(locale), seed=rng.randrange(2**31)), rng)
    if with_country:
        parts.append(_COUNTRY_NAMES[country])
    return ("\n" if multiline else ", ").join(parts)
