"""Valid national identifiers of many countries, check digits computed by python-stdnum.

Each kind draws a random body and lets stdnum pick the completion that validates (the check
digits come from stdnum's own algorithms, never from code written here); formats alternate
between stdnum's display form and the compact one. Deterministic for a given ``random.Random``.
"""

from __future__ import annotations

import datetime as dt
import random
import string
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

__all__ = ["ID_KINDS", "IdKind", "national_id"]

_DIGITS = string.digits
_UPPER = string.ascii_uppercase


def _d(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(_DIGITS) for _ in range(n))


def _letters(rng: random.Random, n: int, alphabet: str = _UPPER) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def _birth(rng: random.Random) -> dt.date:
    return dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(365 * 65))


def _suffixes(body: str, alphabet: str, length: int = 1) -> list[str]:
    if length == 1:
        return [body + c for c in alphabet]
    return [body + f"{i:0{length}d}" for i in range(10**length)]


def _ymd(d: dt.date) -> str:
    return d.strftime("%y%m%d")


def _dmy(d: dt.date) -> str:
    return d.strftime("%d%m%y")


def _pesel(rng: random.Random) -> list[str]:
    d = _birth(rng)
    month = d.month + (20 if d.year >= 2000 else 0)
    return _suffixes(f"{d:%y}{month:02d}{d:%d}{_d(rng, 4)}", _DIGITS)


def _nir(rng: random.Random) -> list[str]:
    d = _birth(rng)
    dept = rng.choice([f"{n:02d}" for n in range(1, 96) if n != 20])
    body = f"{rng.choice('12')}{d:%y}{d:%m}{dept}{rng.randint(1, 990):03d}{rng.randint(1, 999):03d}"
    return _suffixes(body, _DIGITS, 2)


def _codice_fiscale(rng: random.Random) -> list[str]:
    d = _birth(rng)
    day = d.day + rng.choice([0, 40])
    month = "ABCDEHLMPRST"[d.month - 1]
    body = f"{_letters(rng, 6)}{d:%y}{month}{day:02d}{rng.choice('ABCDEFGHLM')}{_d(rng, 3)}"
    return _suffixes(body, _UPPER)


def _curp(rng: random.Random) -> list[str]:
    d = _birth(rng)
    body = (
        f"{_letters(rng, 1)}{rng.choice('AEIOU')}{_letters(rng, 2)}{_ymd(d)}{rng.choice('HM')}"
        f"{rng.choice(['DF', 'JC', 'NL', 'MC', 'GT', 'PL', 'VZ'])}"
        f"{_letters(rng, 3, 'BCDFGHJKLMNPRSTVWXZ')}{'0' if d.year < 2000 else 'A'}"
    )
    return _suffixes(body, _DIGITS)


def _hetu(rng: random.Random) -> list[str]:
    d = _birth(rng)
    return _suffixes(
        f"{_dmy(d)}{'-' if d.year < 2000 else 'A'}{rng.randint(2, 899):03d}",
        _DIGITS + "ABCDEFHJKLMNPRSTUVWXY",
    )


def _za(rng: random.Random) -> list[str]:
    return _suffixes(f"{_ymd(_birth(rng))}{_d(rng, 4)}08", _DIGITS)


def _nino(rng: random.Random) -> list[str]:
    first = rng.choice("ABCEGHJKLMNOPRSTWXYZ")
    second = rng.choice("ABCEGHJKLMNPRSTWXYZ")
    return [f"{first}{second}{_d(rng, 6)}{rng.choice('ABCD')}"]


def _simple(
    prefix: Callable[[random.Random], str], alphabet: str = _DIGITS, length: int = 1
) -> Callable[[random.Random], list[str]]:
    return lambda rng: _suffixes(prefix(rng), alphabet, length)


@dataclass(frozen=True)
class IdKind:
    """One national identifier: its country, subtype, validator module and body generator."""

    country: str
    subtype: str
    module: str | None
    candidates: Callable[[random.Random], list[str]]
    cue: str


ID_KINDS: tuple[IdKind, ...] = (
    IdKind(
        "US",
        "US_SSN",
        "stdnum.us.ssn",
        _simple(lambda r: f"{r.randint(1, 665):03d}{r.randint(1, 99):02d}{r.randint(1, 9999):03d}"),
        "SSN",
    ),
    IdKind(
        "CA", "CA_SIN", "stdnum.ca.sin", _simple(lambda r: r.choice("1234567") + _d(r, 7)), "SIN"
    ),
    IdKind("MX", "MX_CURP", "stdnum.mx.curp", _curp, "CURP"),
    IdKind("BR", "BR_CPF", "stdnum.br.cpf", _simple(lambda r: _d(r, 9), length=2), "CPF"),
    IdKind(
        "AR",
        "AR_CUIT",
        "stdnum.ar.cuit",
        _simple(lambda r: r.choice(["20", "23", "27"]) + _d(r, 8)),
        "CUIT",
    ),
    IdKind("GB", "UK_NINO", None, _nino, "National Insurance number"),
    IdKind(
        "GB", "UK_NHS", "stdnum.gb.nhs", _simple(lambda r: r.choice("4") + _d(r, 8)), "NHS number"
    ),
    IdKind(
        "IE",
        "IE_PPS",
        "stdnum.ie.pps",
        _simple(lambda r: _d(r, 7), "ABCDEFGHIJKLMNOPQRSTUVW"),
        "PPS number",
    ),
    IdKind("FR", "FR_NIR", "stdnum.fr.nir", _nir, "numéro de sécurité sociale"),
    IdKind(
        "DE",
        "DE_TAX_ID",
        "stdnum.de.idnr",
        _simple(
            lambda r: r.choice("123456789") + "".join(r.sample(_DIGITS, 8)) + r.choice(_DIGITS)
        ),
        "Steuer-ID",
    ),
    IdKind(
        "AT",
        "AT_SVNR",
        "stdnum.at.vnr",
        lambda r: [f"{r.randint(100, 999)}{c}{_dmy(_birth(r))}" for c in _DIGITS],
        "SV-Nummer",
    ),
    IdKind("CH", "CH_AHV", "stdnum.ch.ssn", _simple(lambda r: "756" + _d(r, 9)), "AHV-Nr."),
    IdKind(
        "BE",
        "BE_NN",
        "stdnum.be.nn",
        _simple(lambda r: _ymd(_birth(r)) + f"{r.randint(1, 997):03d}", length=2),
        "national number",
    ),
    IdKind(
        "NL", "NL_BSN", "stdnum.nl.bsn", _simple(lambda r: r.choice("12346789") + _d(r, 7)), "BSN"
    ),
    IdKind("ES", "ES_DNI", "stdnum.es.dni", _simple(lambda r: _d(r, 8), _UPPER), "DNI"),
    IdKind(
        "ES",
        "ES_NIE",
        "stdnum.es.nie",
        _simple(lambda r: r.choice("XYZ") + _d(r, 7), _UPPER),
        "NIE",
    ),
    IdKind("PT", "PT_NIF", "stdnum.pt.nif", _simple(lambda r: r.choice("123") + _d(r, 7)), "NIF"),
    IdKind("IT", "IT_FISCAL_CODE", "stdnum.it.codicefiscale", _codice_fiscale, "codice fiscale"),
    IdKind("PL", "PL_PESEL", "stdnum.pl.pesel", _pesel, "PESEL"),
    IdKind(
        "CZ", "CZ_RC", "stdnum.cz.rc", _simple(lambda r: _ymd(_birth(r)) + _d(r, 3)), "rodné číslo"
    ),
    IdKind(
        "SE",
        "SE_PERSONNUMMER",
        "stdnum.se.personnummer",
        _simple(lambda r: _ymd(_birth(r)) + "-" + _d(r, 3)),
        "personnummer",
    ),
    IdKind(
        "DK", "DK_CPR", "stdnum.dk.cpr", lambda r: [_dmy(_birth(r)) + "-" + _d(r, 4)], "CPR-nr."
    ),
    IdKind(
        "NO",
        "NO_FODSELSNUMMER",
        "stdnum.no.fodselsnummer",
        _simple(lambda r: _dmy(_birth(r)) + _d(r, 3), length=2),
        "fødselsnummer",
    ),
    IdKind("FI", "FI_HETU", "stdnum.fi.hetu", _hetu, "henkilötunnus"),
    IdKind(
        "TR",
        "TR_TCKIMLIK",
        "stdnum.tr.tckimlik",
        _simple(lambda r: r.choice("123456789") + _d(r, 8), length=2),
        "T.C. kimlik no",
    ),
    IdKind(
        "IN",
        "IN_AADHAAR",
        "stdnum.in_.aadhaar",
        _simple(lambda r: r.choice("23456789") + _d(r, 10)),
        "Aadhaar",
    ),
    IdKind(
        "IN",
        "IN_PAN",
        "stdnum.in_.pan",
        lambda r: [f"{_letters(r, 3)}P{_letters(r, 1)}{_d(r, 4)}{_letters(r, 1)}"],
        "PAN",
    ),
    IdKind(
        "JP",
        "JP_MY_NUMBER",
        "stdnum.jp.in_",
        _simple(lambda r: r.choice("123456789") + _d(r, 10)),
        "My Number",
    ),
    IdKind("AU", "AU_TFN", "stdnum.au.tfn", _simple(lambda r: _d(r, 8)), "TFN"),
    IdKind(
        "NZ", "NZ_IRD", "stdnum.nz.ird", _simple(lambda r: r.choice("1") + _d(r, 7)), "IRD number"
    ),
    IdKind("ZA", "ZA_ID", "stdnum.za.idnr", _za, "ID number"),
    IdKind("NG", "NG_NIN", None, lambda r: [r.choice("123456789") + _d(r, 10)], "NIN"),
)


def national_id(kind: IdKind, rng: random.Random) -> str:
    """A valid identifier of ``kind``: compact or in stdnum's display format, chosen by ``rng``."""
    module = import_module(kind.module) if kind.module else None
    for _ in range(200):
        candidates = kind.candidates(rng)
        valid = [c for c in candidates if module is None or module.is_valid(c)]
        if valid:
            value = rng.choice(valid)
            if module is not None and hasattr(module, "format") and rng.random() < 0.6:
                formatted: str = module.format(value)
                return formatted
            return value
    raise RuntimeError(f"no valid {kind.subtype} in 200 draws")
