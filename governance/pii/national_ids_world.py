"""National identifiers of the other covered countries, validated by ``python-stdnum``.

Written the way people write them (with and without the usual separators). As in
:mod:`governance.pii.national_ids`, a valid candidate scores by how distinctive its shape
is: a Finnish HETU, a Mexican CURP or a dotted Swiss AHV number stand alone; bare digit
runs that other numbers pass with fair odds (an eleven-digit Turkish or Norwegian number,
a twelve-digit Japanese My Number) score below the threshold and need a context word (the
registry's context column). Identifiers without a public checksum (an Argentine DNI, a
Nigerian NIN) score lowest: only a cue word nearby reports them.
"""

from __future__ import annotations

import datetime
import re

from stdnum import luhn, verhoeff
from stdnum.ar import cuit
from stdnum.ar import dni as ar_dni_module
from stdnum.at import vnr
from stdnum.be import nn
from stdnum.ch import ssn as ahv
from stdnum.cz import rc
from stdnum.dk import cpr
from stdnum.fi import hetu
from stdnum.ie import pps
from stdnum.jp import in_ as my_number
from stdnum.mx import curp, rfc
from stdnum.no import fodselsnummer
from stdnum.nz import ird
from stdnum.pt import cc as pt_cc_module
from stdnum.pt import nif as pt_nif_module
from stdnum.se import personnummer
from stdnum.tr import tckimlik
from stdnum.za import idnr

from governance.pii.national_ids import (
    ChecksumRecognizer,
    checksum_ids,
    id_format,
    stdnum_check,
)

__all__ = [
    "ar_cuit",
    "ar_dni",
    "at_ssn",
    "be_national_number",
    "ch_ahv",
    "cz_birth_number",
    "dk_cpr",
    "fi_hetu",
    "ie_pps",
    "jp_my_number",
    "lu_national_id",
    "mx_curp",
    "mx_nss",
    "mx_rfc",
    "ng_nin",
    "no_fnr",
    "nz_ird",
    "pt_cc",
    "pt_nif",
    "se_personnummer",
    "tr_tckn",
    "valid_lu_national_id",
    "za_id",
]

_S = r"[ ]?"
_DIGITS = re.compile(r"\d")


def _digits(value: str) -> str:
    return "".join(_DIGITS.findall(value))


def _rfc_with_check_digit(value: str) -> bool:
    return bool(rfc.is_valid(value, validate_check_digits=True))


def _any_digits(value: str) -> bool:
    return True


def valid_lu_national_id(value: str) -> bool:
    """Luxembourg's 13-digit identification number: a birth date ``YYYYMMDD``, three
    digits, a Luhn check digit and a Verhoeff check digit, both over the first eleven
    (the two algorithms are python-stdnum's).

    >>> valid_lu_national_id("1983 0101 123 74"), valid_lu_national_id("1983010112375")
    (True, False)
    """
    digits = _digits(value)
    if len(digits) != 13:
        return False
    try:
        datetime.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return False
    body = digits[:11]
    return bool(luhn.is_valid(body + digits[11]) and verhoeff.is_valid(body + digits[12]))


def _mx_nss(value: str) -> bool:
    digits = _digits(value)
    return len(digits) == 11 and bool(luhn.is_valid(digits))


def at_ssn(countries: tuple[str, ...]) -> ChecksumRecognizer:
    """Austrian Sozialversicherungsnummer: four digits (with a check digit) and the birth
    date ``DDMMYY`` (needs context: ten digits look like a phone number)."""
    return checksum_ids("at_ssn", "AT_SSN", id_format(r"\d{4}[ ]?\d{6}", stdnum_check(vnr), 0.3))


def ch_ahv(countries: tuple[str, ...]) -> ChecksumRecognizer:
    """Swiss AHV/AVS number: ``756.1234.5678.97`` stands alone; undotted needs context."""
    return checksum_ids(
        "ch_ahv",
        "CH_AHV",
        id_format(r"756\.\d{4}\.\d{4}\.\d{2}", stdnum_check(ahv), 0.9),
        id_format(rf"756{_S}\d{{4}}{_S}\d{{4}}{_S}\d{{2}}", stdnum_check(ahv), 0.3),
    )


def be_national_number(countries: tuple[str, ...]) -> ChecksumRecognizer:
    """Belgian national number (rijksregisternummer, NISS): ``85.07.30-033.28`` stands
    alone; spaced or bare digits need context."""
    return checksum_ids(
        "be_national_number",
        "BE_NATIONAL_NUMBER",
        id_format(r"\d{2}\.\d{2}\.\d{2}[-. ]\d{3}[. ]?\d{2}", stdnum_check(nn), 0.85),
        id_format(r"\d{2}[ ]?\d{2}[ ]?\d{2}[ -]?\d{3}[ ]?\d{2}", stdnum_check(nn), 0.3),
    )


def se_personnummer(countries: tuple[str, ...]) -> ChecksumRecognizer:
    """Swedish personnummer: ``YYMMDD-XXXX`` or ``YYYYMMDD-XXXX`` (Luhn; needs context)."""
    return checksum_ids(
        "se_personnummer",
        "SE_PERSONNUMMER",
        id_format(r"(?:\d{2})?\d{6}[-+ ]?\d{4}", stdnum_check(personnummer), 0.3),
    )


def dk_cpr(countries: tuple[str, ...]) -> ChecksumRecognizer:
    """Danish CPR number ``DDMMYY-XXXX`` (a birth date, no checksum: needs context)."""
    return checksum_ids("dk_cpr", "DK_CPR", id_format(r"\d{6}[- ]?\d{4}", stdnum_check(cpr), 0.3))


def no_fnr(countries: tuple[str, ...]) -> ChecksumRecognizer:
    """Norwegian fødselsnummer: ``DDMMYY XXXXX``, two mod-11 check digits (needs context)."""
    return checksum_ids(
        "no_fnr", "NO_FNR", id_format(r"\d{6}[ -]?\d{5}", stdnum_check(fodselsnummer), 0.3)
    )


def fi_hetu(countries: tuple[str, ...]) -> ChecksumRecognizer:
    """Finnish henkilötunnus ``DDMMYY-XXXC`` (century sign and check character)."""
    return checksum_ids(
        "fi_hetu",
        "FI_HETU",
        id_format(r"\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]", stdnum_check(hetu), 0.85, ci=True),
    )


def cz_birth_number(countries: tuple[str, ...]) -> ChecksumRecognizer:
    """Czech/Slovak rodné číslo: ``YYMMDD/XXXX`` stands alone; bare digits need context."""
    return checksum_ids(
        "cz_birth_number",
        "CZ_BIRTH_NUMBER",
        id_format(r"\d{6} ?/ ?\d{3,4}", stdnum_check(rc), 0.6),
        id_format(r"\d{9,10}", stdnum_check(rc), 0.3),
    )


def pt_nif(countries: tuple[str, ...]) -> ChecksumRecognizer:
    """Portuguese NIF (número de contribuinte): nine digits, mod 11 (needs context)."""
    return checksum_ids(
        "pt_nif",
        "PT_NIF",
        id_format(r"(?:PT[ ]?)?\d{3}[ ]?\d{3}[ ]?\d{3}", stdnum_check(pt_nif_module), 0.3),
    )


def pt_cc(countries: tuple[str, ...]) -> ChecksumRecognizer:
    """Portuguese Cartão de Cidadão number ``00000000 0 ZZ4``."""
    return checksum_ids(
        "pt_cc",
        "PT_CC",
        id_format(r"\d{8}[ ]?\d[ ]?[A-Z]{2}\d", stdnum_check(pt_cc_module), 0.8, ci=True),
    )


def ie_pps(countries: tuple[str, ...]) -> ChecksumRecognizer:
    """Irish PPS number: seven digits and one or two check letters."""
    return checksum_ids(
        "ie_pps", "IE_PPS", id_format(r"\d{7}[ ]?[A-W][A-IWT]?", stdnum_check(pps), 0.6, ci=True)
    )


def mx_curp(countries: tuple[str, ...]) -> ChecksumRecognizer:
    """Mexican CURP: 18 characters with a birth date, sex, state and check digit."""
    pattern = r"[A-Z]{4}\d{6}[HMX][A-Z]{5}[0-9A-Z]\d"
    return checksum_ids("mx_curp", "MX_CURP", id_format(pattern, stdnum_check(curp), 0.9, ci=True))


def mx_rfc(countries: tuple[str, ...]) -> ChecksumRecognizer:
    """Mexican RFC: with a valid check digit it stands alone; the bare shape needs context."""
    pattern = r"[A-ZÑ&]{3,4}[ -]?\d{6}(?:[ -]?[A-Z0-9]{3})?"
    return checksum_ids(
        "mx_rfc",
        "MX_RFC",
        id_format(pattern, _rfc_with_check_digit, 0.6),
        id_format(pattern, stdnum_check(rfc), 0.3),
    )


def mx_nss(countries: tuple[str, ...]) -> ChecksumRecognizer:
    """Mexican NSS (IMSS social security number): eleven digits, Luhn (needs context)."""
    return checksum_ids(
        "mx_nss", "MX_NSS", id_format(r"\d{2}[ -]?\d{2}[ -]?\d{2}[ -]?\d{5}", _mx_nss, 0.3)
    )


def ar_dni(countries: tuple[str, ...]) -> ChecksumRecognizer:
    """Argentine DNI: seven or eight digits, often dotted; no checksum (needs context)."""
    return checksum_ids(
        "ar_dni",
        "AR_DNI",
        id_format(r"\d{1,2}\.\d{3}\.\d{3}|\d{7,8}", stdnum_check(ar_dni_module), 0.2),
    )


def ar_cuit(countries: tuple[str, ...]) -> ChecksumRecognizer:
    """Argentine CUIT/CUIL: ``20-12345678-6`` stands alone; bare digits need context."""
    return checksum_ids(
        "ar_cuit",
        "AR_CUIT",
        id_format(r"(?:2[0347]|3[034])-\d{8}-\d", stdnum_check(cuit), 0.85),
        id_format(r"(?:2[0347]|3[034])[ ]?\d{8}[ ]?\d", stdnum_check(cuit), 0.3),
    )


def tr_tckn(countries: tuple[str, ...]) -> ChecksumRecognizer:
    """Turkish T.C. Kimlik No: eleven digits, two checks (needs context)."""
    return checksum_ids(
        "tr_tckn",
        "TR_TCKN",
        id_format(r"[1-9]\d{2}[ ]?\d{3}[ ]?\d{3}[ ]?\d{2}", stdnum_check(tckimlik), 0.3),
    )


def jp_my_number(countries: tuple[str, ...]) -> ChecksumRecognizer:
    """Japanese Individual Number (My Number): twelve digits, check digit (needs context)."""
    return checksum_ids(
        "jp_my_number",
        "JP_MY_NUMBER",
        id_format(r"\d{4}[ -]?\d{4}[ -]?\d{4}", stdnum_check(my_number), 0.3),
    )


def nz_ird(countries: tuple[str, ...]) -> ChecksumRecognizer:
    """New Zealand IRD number: eight or nine digits, mod 11 (needs context)."""
    return checksum_ids(
        "nz_ird",
        "NZ_IRD",
        id_format(r"(?:NZ[ ]?)?\d{2,3}[- ]?\d{3}[- ]?\d{3}|\d{7}-\d", stdnum_check(ird), 0.3),
    )


def za_id(countries: tuple[str, ...]) -> ChecksumRecognizer:
    """South African ID number: birth date, sequence, citizenship, Luhn (needs context)."""
    return checksum_ids(
        "za_id", "ZA_ID", id_format(r"\d{6}[ ]?\d{4}[ ]?\d{3}", stdnum_check(idnr), 0.3)
    )


def lu_national_id(countries: tuple[str, ...]) -> ChecksumRecognizer:
    """Luxembourg national identification number (matricule), 13 digits (needs context)."""
    pattern = r"(?:19|20)\d{2}[ ]?\d{4}[ ]?\d{3}[ ]?\d{2}"
    return checksum_ids(
        "lu_national_id", "LU_NATIONAL_ID", id_format(pattern, valid_lu_national_id, 0.3)
    )


def ng_nin(countries: tuple[str, ...]) -> ChecksumRecognizer:
    """Nigerian NIN: eleven digits without a published checksum (only after a cue word)."""
    return checksum_ids("ng_nin", "NG_NIN", id_format(r"\d{11}", _any_digits, 0.2))
