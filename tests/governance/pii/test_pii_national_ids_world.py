"""National identifiers of the 30 countries: valid values (stdnum's documented examples and
values made with stdnum's own check-digit functions) in the forms people write them, each
after a cue word in the country's language; near misses (bad checksums, order numbers,
phone-like digit runs, dates, prices) stay unflagged as identifiers."""

from __future__ import annotations

import pytest
from stdnum import luhn
from stdnum.ar import cuit
from stdnum.jp import in_ as my_number
from stdnum.nz import ird
from stdnum.pt import nif
from stdnum.tr import tckimlik

from governance.pii.gateway import PiiGateway
from governance.pii.national_ids_world import valid_lu_national_id

_TR = "123456789" + tckimlik.calc_check_digits("123456789")
_JP = "12345678901" + my_number.calc_check_digit("12345678901")
_PT = "12345678" + nif.calc_check_digit("12345678")
_AR = "2012345678" + cuit.calc_check_digit("2012345678")
_NZ = "4909185" + ird.calc_check_digit("4909185")
_ZA = "750330504408" + luhn.calc_check_digit("750330504408")
_MX_NSS = "1234567890" + luhn.calc_check_digit("1234567890")

# (country, entity type, cue, written forms of one valid value)
IDS: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("AT", "AT_SSN", "Sozialversicherungsnummer:", ("1237 010180", "1237010180")),
    ("CH", "CH_AHV", "AHV-Nr.", ("756.9217.0769.85", "7569217076985")),
    ("CH", "CH_AHV", "numéro AVS", ("756.9217.0769.85",)),
    ("BE", "BE_NATIONAL_NUMBER", "Rijksregisternummer", ("85.07.30-033.28", "85073003328")),
    ("BE", "BE_NATIONAL_NUMBER", "NISS", ("85 07 30 033 28", "17.07.30-033.84")),
    ("SE", "SE_PERSONNUMMER", "Personnummer:", ("880320-0016", "8803200016", "19880320-0016")),
    ("DK", "DK_CPR", "CPR-nr.", ("211062-5629", "2110625629")),
    ("NO", "NO_FNR", "Fødselsnummer", ("151086 95088", "15108695088")),
    ("FI", "FI_HETU", "Henkilötunnus", ("131052-308T", "131052A308T")),
    ("FI", "FI_HETU", "my id is", ("131052-308T",)),
    ("CZ", "CZ_BIRTH_NUMBER", "Rodné číslo", ("710319/2745", "7103192745")),
    ("PT", "PT_NIF", "NIF", (_PT, f"{_PT[:3]} {_PT[3:6]} {_PT[6:]}", "PT 501 964 843")),
    ("PT", "PT_CC", "Cartão de Cidadão n.º", ("00000000 0 ZZ4", "000000000ZZ4")),
    ("IE", "IE_PPS", "PPS number", ("6433435F", "6433435FT", "6433435OA")),
    ("MX", "MX_CURP", "CURP", ("BOXW310820HNERXN09",)),
    ("MX", "MX_CURP", "my id", ("BOXW310820HNERXN09",)),
    ("MX", "MX_RFC", "RFC", ("GODE561231GR8", "GODE 561231 GR8", "MAB-930714-8T4")),
    ("MX", "MX_NSS", "NSS (IMSS)", (_MX_NSS,)),
    ("AR", "AR_DNI", "DNI", ("20.123.456", "20123456")),
    ("AR", "AR_CUIT", "CUIT", ("20-05536168-2", "20055361682", f"{_AR[:2]}-{_AR[2:10]}-{_AR[10]}")),
    ("TR", "TR_TCKN", "TC Kimlik No:", ("17291716060", _TR)),
    ("JP", "JP_MY_NUMBER", "個人番号", ("6214 9832 0257", "621498320257", _JP)),
    ("NZ", "NZ_IRD", "IRD number", ("49-091-850", "49091850", _NZ)),
    ("ZA", "ZA_ID", "SA ID number", ("7503305044089", "750330 5044 089", _ZA)),
    ("LU", "LU_NATIONAL_ID", "matricule", ("1983 0101 123 74", "1983010112374")),
    ("NG", "NG_NIN", "NIN", ("12345678901",)),
    ("NG", "NG_NIN", "NIMC slip", ("70123456789",)),
]

_CASES = [
    (country, entity, cue, value, template)
    for country, entity, cue, values in IDS
    for value in values
    for template in ("{cue} {value}", "Hi, please update my file ({cue}: {value}). Thanks")
]

# (text, entity type that must not be reported)
NEAR_MISSES: list[tuple[str, str]] = [
    ("HETU 131052-308U", "FI_HETU"),  # wrong check character
    ("AHV 756.9217.0769.84", "CH_AHV"),  # wrong check digit
    ("CURP BOXW310820HNERXN08", "MX_CURP"),
    ("Personnummer 880320-0018", "SE_PERSONNUMMER"),
    ("TC Kimlik No: 17291716050", "TR_TCKN"),
    ("Fødselsnummer 15108695077", "NO_FNR"),
    ("Order 12345678901 shipped", "NG_NIN"),  # no cue: an order number
    ("Order 20.123.456 shipped", "AR_DNI"),
    ("The price is 20.123.456 pesos", "AR_DNI"),
    ("Tracking 880320-0016 delivered", "SE_PERSONNUMMER"),
    ("Call 1237 010180 now", "AT_SSN"),
    ("Invoice 85073003328 attached", "BE_NATIONAL_NUMBER"),
    ("Ticket 7503305044089 closed", "ZA_ID"),
    ("Build 621498320257 failed", "JP_MY_NUMBER"),
    ("Ref 17291716060 for your claim", "TR_TCKN"),
    ("Meeting on 2024-03-15 at 10:30.", "DK_CPR"),
    ("Running version 4.2.0.117 on the server.", "NZ_IRD"),
    ("matricule 1983 0101 123 75", "LU_NATIONAL_ID"),  # wrong Verhoeff digit
    ("SKU 6433435E in stock", "IE_PPS"),
]


def _found(gateway: PiiGateway, text: str) -> list[tuple[str, str]]:
    return [(f.entity_type, text[f.start : f.end]) for f in gateway.scan([text])[0]]


@pytest.mark.parametrize(
    ("country", "entity", "cue", "value", "template"),
    _CASES,
    ids=[f"{c[0]}-{c[3]}-{i % 2}" for i, c in enumerate(_CASES)],
)
def test_national_identifiers_of_the_30_countries(
    gateway: PiiGateway, country: str, entity: str, cue: str, value: str, template: str
) -> None:
    text = template.format(cue=cue, value=value)
    assert (entity, value) in _found(gateway, text)


@pytest.mark.parametrize(("text", "entity"), NEAR_MISSES)
def test_identifier_near_misses_of_the_30_countries(
    gateway: PiiGateway, text: str, entity: str
) -> None:
    assert entity not in {t for t, _ in _found(gateway, text)}


def test_luxembourg_number_uses_both_check_digits_and_the_date() -> None:
    assert valid_lu_national_id("1983010112374")
    assert not valid_lu_national_id("1983010112384")  # Luhn digit wrong
    assert not valid_lu_national_id("1983130112374")  # month 13
    assert not valid_lu_national_id("198301011237")  # twelve digits
