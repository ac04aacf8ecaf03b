"""Valid phone numbers of many regions in the notations people write (libphonenumber).

A number starts from libphonenumber's example for the region and type, gets random trailing
digits until ``is_valid_number`` accepts it, and is written in one of several notations:
national (with the trunk prefix), international, E.164, ``+44 (0)20 ...``, ``0044 ...``,
dotted, or with an extension.
"""

from __future__ import annotations

import random

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType

__all__ = ["NOTATIONS", "phone_number"]

NOTATIONS = (
    "national",
    "international",
    "e164",
    "zero_in_brackets",
    "double_zero",
    "dotted",
    "extension",
)
_TYPES = (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE)
#: Regions where nobody writes +CC (0)...: the trunk prefix is not a plain leading zero.
_NO_BRACKETS = frozenset({"AR", "MX", "BR"})
_EXTENSIONS = (" ext. {}", " x{}", " ext {}", " (ext. {})", " extension {}")


def _valid_number(region: str, rng: random.Random) -> phonenumbers.PhoneNumber:
    example = phonenumbers.example_number_for_type(region, rng.choice(_TYPES))
    if example is None:
        example = phonenumbers.example_number(region)
    if example is None:
        raise ValueError(f"libphonenumber has no example number for {region}")
    nsn = phonenumbers.national_significant_number(example)
    keep = max(2, len(nsn) - 5)
    for _ in range(100):
        digits = nsn[:keep] + "".join(rng.choice("0123456789") for _ in range(len(nsn) - keep))
        number = phonenumbers.parse("+" + str(example.country_code) + digits)
        if (
            phonenumbers.is_valid_number(number)
            and phonenumbers.region_code_for_number(number) == region
        ):
            return number
    return example


def phone_number(region: str, rng: random.Random, notation: str | None = None) -> tuple[str, str]:
    """``(text, notation)``: a valid number of ``region`` (ISO 3166 code, GB not UK)."""
    number = _valid_number(region, rng)
    notation = notation or rng.choice(NOTATIONS)
    national = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    international = phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    prefix = metadata.national_prefix if metadata is not None else None
    code = f"+{number.country_code}"
    if notation == "national":
        return national, notation
    if notation == "e164":
        return phonenumbers.format_number(number, PhoneNumberFormat.E164), notation
    if notation == "zero_in_brackets" and prefix == "0" and region not in _NO_BRACKETS:
        return international.replace(code + " ", code + " (0)", 1), notation
    if notation == "double_zero":
        return "00" + international[1:], notation
    if notation == "dotted":
        groups = international[len(code) + 1 :].replace("-", " ").split()
        return code + " " + ".".join(groups), notation
    if notation == "extension":
        ext = str(rng.randint(10, 9999))
        return rng.choice((national, international)) + rng.choice(_EXTENSIONS).format(ext), notation
    return international, "international"
