"""Valid IBANs of every country in the SWIFT registry python-stdnum ships (``iban.dat``).

The BBAN is drawn from the country's registered structure (``4!a6!n8!n``...), the check
digits come from ``stdnum.iban.calc_check_digits`` and the result must pass
``stdnum.iban.is_valid`` (including the national checks stdnum knows).
"""

from __future__ import annotations

import random
import re
import string
from functools import cache

from stdnum import iban, numdb

__all__ = ["iban_countries", "random_iban"]

_ALPHABETS = {
    "n": string.digits,
    "a": string.ascii_uppercase,
    "c": string.digits + string.ascii_uppercase,
}


@cache
def _structures() -> dict[str, str]:
    db = numdb.get("iban")
    out: dict[str, str] = {}
    for cc in (f"{a}{b}" for a in string.ascii_uppercase for b in string.ascii_uppercase):
        info = db.info(cc + "00")[0][1]
        if "bban" in info:
            out[cc] = info["bban"]
    return out


def iban_countries() -> tuple[str, ...]:
    """Country codes with a registered IBAN structure."""
    return tuple(sorted(_structures()))


def _bban(structure: str, rng: random.Random) -> str:
    out = []
    for count, kind in re.findall(r"(\d+)!([nac])", structure):
        out.append("".join(rng.choice(_ALPHABETS[kind]) for _ in range(int(count))))
    return "".join(out)


def random_iban(country: str, rng: random.Random, *, spaced: bool | None = None) -> str:
    """A valid IBAN of ``country``, in groups of four (paper form) or compact."""
    structure = _structures()[country]
    for _ in range(500):
        drawn = _bban(structure, rng)
        # Some countries end the BBAN with a national check (BE, ...): try every ending.
        endings = [f"{i:02d}" for i in range(100)] if drawn[-2:].isdigit() else [drawn[-2:]]
        for ending in endings:
            bban = drawn[:-2] + ending
            number = country + iban.calc_check_digits(country + "00" + bban) + bban
            if iban.is_valid(number):
                if spaced is None:
                    spaced = rng.random() < 0.5
                return iban.format(number) if spaced else number
    raise RuntimeError(f"no valid IBAN for {country} in 500 draws")
