"""The recognizer registry: ONE table of every built-in recognizer of the gateway.

Each row names a recognizer, the entity type it emits, its factory (``"module:function"``,
imported only when an analyzer is built, so that loading a policy stays light), the
characters a text needs before the recognizer can match (:class:`Gate`), the context words
that raise its score, the specificity rank of its entity type (higher wins an overlap), the
countries it belongs to (empty: every policy) and whether it also reads the view whose
separated digit runs are joined. Rows of the spaCy NER carry the model labels they map.

Everything else is derived from this table: the entity types a policy may name
(:data:`KNOWN_ENTITY_TYPES`), the conflict ranking (:data:`SPECIFICITY`), the NER label map
(:data:`NER_LABELS`) and the countries a policy may list (:data:`SUPPORTED_COUNTRIES`).
Adding a recognizer means adding a row here (and its test); nothing else.

Pure data: imports nothing heavy.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from governance.catalog import id_context as ic

__all__ = [
    "COUNTRY_ALIASES",
    "DEFAULT_COUNTRIES",
    "KNOWN_ENTITY_TYPES",
    "NER_LABELS",
    "RECOGNIZERS",
    "SPECIFICITY",
    "SUPPORTED_COUNTRIES",
    "Gate",
    "RecognizerEntry",
    "canonical_country",
    "entries_for",
]


class Gate(StrEnum):
    """A cheap necessary condition of a recognizer's matches (see ``fast_recognizer``)."""

    NONE = "none"
    DIGIT = "digit"
    AT = "at"
    DOT_OR_COLON = "dot_or_colon"
    DIGIT_OR_COLON = "digit_or_colon"
    DIGIT_AND_LICENCE_CUE = "digit_and_licence_cue"
    AT_OR_SPELLED = "at_or_spelled"
    CVV_CUE = "cvv_cue"
    PASSPORT_CUE = "passport_cue"
    UPPER = "upper"


@dataclass(frozen=True)
class RecognizerEntry:
    """One row of the registry."""

    name: str
    entity_type: str
    #: ``"module:function"``; the function takes the policy's country tuple and returns a
    #: Presidio ``EntityRecognizer``. Empty for spaCy NER rows.
    factory: str
    gate: Gate
    context: tuple[str, ...]
    rank: int
    countries: frozenset[str] = frozenset()
    digits_view: bool = False
    #: spaCy NER labels this row maps (NER rows only) and the score they get.
    ner_labels: tuple[str, ...] = ()
    ner_score: float = 0.0


#: The 30 countries whose formats the gateway covers: what a policy without ``countries`` gets.
DEFAULT_COUNTRIES: frozenset[str] = frozenset(
    {
        *("US", "CA", "MX", "BR", "AR", "GB", "IE", "FR", "DE", "AT", "CH", "BE", "NL", "LU"),
        *("ES", "PT", "IT", "PL", "CZ", "SE", "DK", "NO", "FI", "TR", "IN", "JP", "AU", "NZ"),
        *("ZA", "NG"),
    }
)
#: Countries a policy may list: the 30, and Singapore (NRIC/FIN only).
SUPPORTED_COUNTRIES: frozenset[str] = DEFAULT_COUNTRIES | {"SG"}
#: Other spellings a policy may use.
COUNTRY_ALIASES: dict[str, str] = {"UK": "GB"}

_R = "governance.pii.recognizers:"
_N = "governance.pii.national_ids:"
_P = "governance.pii.phones:"
_E = "governance.pii.evasions:"
_L = "governance.pii.locale_patterns:"
_W = "governance.pii.national_ids_world:"
_G = "governance.pii.name_gazetteer:"

_PHONE_CTX = (
    "phone", "call", "cell", "mobile", "tel", "telephone", "reach", "text", "fax", "contact",
    "dial", "whatsapp", "sms", "téléphone", "portable", "joindre", "appeler",
    "telefon", "handy", "telefono", "teléfono", "móvil", "celular", "telefone", "telefoon",
    "mobil", "puhelin", "ring", "landline", "hotline", "tlf", "tfn",
)  # fmt: skip
_ADDRESS_CTX = (
    "address", "live", "living", "ship", "shipping", "deliver", "delivery", "street", "located",
    "reside", "mail", "send", "moved", "billing", "home", "arrive", "package", "parcel",
    "shipment", "adresse", "domicile", "livraison", "habite", "anschrift", "wohnhaft",
    "dirección", "indirizzo", "endereço", "adres", "postal", "postcode", "zip", "office",
)  # fmt: skip
_CARD_CTX = ("card", "credit", "visa", "mastercard", "amex", "cc", "carte", "karte", "tarjeta")
_IBAN_CTX = ("iban", "bank", "account", "transfer", "wire", "virement", "konto", "rib", "sepa")


def _c(*codes: str) -> frozenset[str]:
    return frozenset(codes)


_EMAIL_CTX = ("email", "mail", "e-mail")
_SPELLED_EMAIL_CTX = ("email", "mail", "e-mail", "courriel")
_URL_CTX = ("url", "website", "link", "site")
_IP_ADDRESS_CTX = ("ip", "address", "ipv4", "ipv6", "server")
_CRYPTO_CTX = ("wallet", "btc", "bitcoin")
_US_PASSPORT_CTX = ("passport",)
_US_BANK_NUMBER_CTX = ("bank", "account", "acct", "checking", "saving")
_MEDICAL_LICENSE_CTX = ("dea", "medical", "license")
_DATE_CTX = ("date", "birth", "dob", "born", "on")
_US_DRIVER_LICENSE_CTX = ("driver", "license", "licence", "permit", "lic", "dl", "driving")

RECOGNIZERS: tuple[RecognizerEntry, ...] = (
    # -- contact and network ---------------------------------------------------------------
    RecognizerEntry("email", "EMAIL_ADDRESS", _R + "email", Gate.AT, _EMAIL_CTX, 100),
    RecognizerEntry(
        "spelled_email",
        "EMAIL_ADDRESS",
        _E + "spelled_email",
        Gate.AT_OR_SPELLED,
        _SPELLED_EMAIL_CTX,
        100,
    ),
    RecognizerEntry("base64_value", "EMAIL_ADDRESS", _E + "base64_email", Gate.NONE, (), 100),
    RecognizerEntry("url", "URL", _R + "url", Gate.DOT_OR_COLON, _URL_CTX, 64),
    RecognizerEntry(
        "ip_address", "IP_ADDRESS", _R + "ip_address", Gate.DIGIT_OR_COLON, _IP_ADDRESS_CTX, 66
    ),
    RecognizerEntry(
        "us_phone", "PHONE_NUMBER", _R + "us_phone", Gate.DIGIT, _PHONE_CTX, 62, digits_view=True
    ),
    RecognizerEntry(
        "phonenumbers", "PHONE_NUMBER", _P + "phone_numbers", Gate.DIGIT, _PHONE_CTX, 62
    ),
    # -- payment ---------------------------------------------------------------------------
    RecognizerEntry(
        "credit_card",
        "CREDIT_CARD",
        _R + "credit_card",
        Gate.DIGIT,
        _CARD_CTX,
        98,
        digits_view=True,
    ),
    RecognizerEntry("luhn_card", "CREDIT_CARD", _R + "luhn_card", Gate.DIGIT, _CARD_CTX, 98),
    RecognizerEntry("card_cvv", "CARD_CVV", _L + "card_cvv", Gate.CVV_CUE, (), 58),
    RecognizerEntry("iban", "IBAN_CODE", _N + "iban", Gate.DIGIT, _IBAN_CTX, 96),
    RecognizerEntry("iban_shape", "IBAN_CODE", _R + "iban_shape", Gate.DIGIT, _IBAN_CTX, 96),
    RecognizerEntry("crypto", "CRYPTO", _R + "crypto", Gate.DIGIT, _CRYPTO_CTX, 94),
    # -- national identifiers (checksums by python-stdnum) ---------------------------------
    RecognizerEntry(
        "us_ssn", "US_SSN", _R + "us_ssn", Gate.DIGIT, ic.US_SSN_CTX, 92, digits_view=True
    ),
    RecognizerEntry(
        "us_ssn_cue", "US_SSN", _R + "us_ssn_cue", Gate.DIGIT, (), 92, digits_view=True
    ),
    RecognizerEntry("us_itin", "US_ITIN", _R + "us_itin", Gate.DIGIT, ic.US_ITIN_CTX, 90, _c("US")),
    RecognizerEntry("uk_nhs", "UK_NHS", _N + "uk_nhs", Gate.DIGIT, ic.UK_NHS_CTX, 88, _c("GB")),
    RecognizerEntry("uk_nino", "UK_NINO", _N + "uk_nino", Gate.DIGIT, ic.UK_NINO_CTX, 88, _c("GB")),
    RecognizerEntry("es_nif", "ES_NIF", _N + "es_nif", Gate.DIGIT, ic.ES_NIF_CTX, 88, _c("ES")),
    RecognizerEntry("es_nie", "ES_NIE", _N + "es_nie", Gate.DIGIT, ic.ES_NIE_CTX, 88, _c("ES")),
    RecognizerEntry(
        "it_fiscal_code",
        "IT_FISCAL_CODE",
        _N + "it_fiscal_code",
        Gate.DIGIT,
        ic.IT_FISCAL_CODE_CTX,
        88,
        _c("IT"),
    ),
    RecognizerEntry(
        "de_tax_id", "DE_TAX_ID", _N + "de_tax_id", Gate.DIGIT, ic.DE_TAX_ID_CTX, 88, _c("DE")
    ),
    RecognizerEntry("fr_nir", "FR_NIR", _N + "fr_nir", Gate.DIGIT, ic.FR_NIR_CTX, 88, _c("FR")),
    RecognizerEntry("pl_pesel", "PL_PESEL", _N + "pl_pesel", Gate.DIGIT, ("pesel",), 88, _c("PL")),
    RecognizerEntry("nl_bsn", "NL_BSN", _N + "nl_bsn", Gate.DIGIT, ic.NL_BSN_CTX, 88, _c("NL")),
    RecognizerEntry("ca_sin", "CA_SIN", _N + "ca_sin", Gate.DIGIT, ic.CA_SIN_CTX, 88, _c("CA")),
    RecognizerEntry("au_tfn", "AU_TFN", _N + "au_tfn", Gate.DIGIT, ic.AU_TFN_CTX, 88, _c("AU")),
    RecognizerEntry("au_abn", "AU_ABN", _R + "au_abn", Gate.DIGIT, ic.AU_ABN_CTX, 88, _c("AU")),
    RecognizerEntry("in_pan", "IN_PAN", _N + "in_pan", Gate.DIGIT, ic.IN_PAN_CTX, 88, _c("IN")),
    RecognizerEntry(
        "in_aadhaar", "IN_AADHAAR", _N + "in_aadhaar", Gate.DIGIT, ic.IN_AADHAAR_CTX, 88, _c("IN")
    ),
    RecognizerEntry("br_cpf", "BR_CPF", _N + "br_cpf", Gate.DIGIT, ic.BR_CPF_CTX, 88, _c("BR")),
    RecognizerEntry("br_cnpj", "BR_CNPJ", _N + "br_cnpj", Gate.DIGIT, ic.BR_CNPJ_CTX, 88, _c("BR")),
    RecognizerEntry(
        "sg_nric_fin",
        "SG_NRIC_FIN",
        _R + "sg_nric_fin",
        Gate.DIGIT,
        ic.SG_NRIC_FIN_CTX,
        88,
        _c("SG"),
    ),
    RecognizerEntry("at_ssn", "AT_SSN", _W + "at_ssn", Gate.DIGIT, ic.AT_SSN_CTX, 88, _c("AT")),
    RecognizerEntry("ch_ahv", "CH_AHV", _W + "ch_ahv", Gate.DIGIT, ic.CH_AHV_CTX, 88, _c("CH")),
    RecognizerEntry(
        "be_national_number",
        "BE_NATIONAL_NUMBER",
        _W + "be_national_number",
        Gate.DIGIT,
        ic.BE_NN_CTX,
        88,
        _c("BE"),
    ),
    RecognizerEntry(
        "se_personnummer",
        "SE_PERSONNUMMER",
        _W + "se_personnummer",
        Gate.DIGIT,
        ic.SE_PNR_CTX,
        88,
        _c("SE"),
    ),
    RecognizerEntry("dk_cpr", "DK_CPR", _W + "dk_cpr", Gate.DIGIT, ic.DK_CPR_CTX, 88, _c("DK")),
    RecognizerEntry("no_fnr", "NO_FNR", _W + "no_fnr", Gate.DIGIT, ic.NO_FNR_CTX, 88, _c("NO")),
    RecognizerEntry("fi_hetu", "FI_HETU", _W + "fi_hetu", Gate.DIGIT, ic.FI_HETU_CTX, 88, _c("FI")),
    RecognizerEntry(
        "cz_birth_number",
        "CZ_BIRTH_NUMBER",
        _W + "cz_birth_number",
        Gate.DIGIT,
        ic.CZ_RC_CTX,
        88,
        _c("CZ"),
    ),
    RecognizerEntry("pt_nif", "PT_NIF", _W + "pt_nif", Gate.DIGIT, ic.PT_NIF_CTX, 88, _c("PT")),
    RecognizerEntry("pt_cc", "PT_CC", _W + "pt_cc", Gate.DIGIT, ic.PT_CC_CTX, 88, _c("PT")),
    RecognizerEntry("ie_pps", "IE_PPS", _W + "ie_pps", Gate.DIGIT, ic.IE_PPS_CTX, 88, _c("IE")),
    RecognizerEntry("mx_curp", "MX_CURP", _W + "mx_curp", Gate.DIGIT, ic.MX_CURP_CTX, 88, _c("MX")),
    RecognizerEntry("mx_rfc", "MX_RFC", _W + "mx_rfc", Gate.DIGIT, ic.MX_RFC_CTX, 88, _c("MX")),
    RecognizerEntry("mx_nss", "MX_NSS", _W + "mx_nss", Gate.DIGIT, ic.MX_NSS_CTX, 88, _c("MX")),
    RecognizerEntry("ar_dni", "AR_DNI", _W + "ar_dni", Gate.DIGIT, ic.AR_DNI_CTX, 88, _c("AR")),
    RecognizerEntry("ar_cuit", "AR_CUIT", _W + "ar_cuit", Gate.DIGIT, ic.AR_CUIT_CTX, 88, _c("AR")),
    RecognizerEntry("tr_tckn", "TR_TCKN", _W + "tr_tckn", Gate.DIGIT, ic.TR_TCKN_CTX, 88, _c("TR")),
    RecognizerEntry(
        "jp_my_number",
        "JP_MY_NUMBER",
        _W + "jp_my_number",
        Gate.DIGIT,
        ic.JP_MY_NUMBER_CTX,
        88,
        _c("JP"),
    ),
    RecognizerEntry("nz_ird", "NZ_IRD", _W + "nz_ird", Gate.DIGIT, ic.NZ_IRD_CTX, 88, _c("NZ")),
    RecognizerEntry("za_id", "ZA_ID", _W + "za_id", Gate.DIGIT, ic.ZA_ID_CTX, 88, _c("ZA")),
    RecognizerEntry(
        "lu_national_id",
        "LU_NATIONAL_ID",
        _W + "lu_national_id",
        Gate.DIGIT,
        ic.LU_ID_CTX,
        88,
        _c("LU"),
    ),
    RecognizerEntry("ng_nin", "NG_NIN", _W + "ng_nin", Gate.DIGIT, ic.NG_NIN_CTX, 88, _c("NG")),
    RecognizerEntry("passport_cue", "PASSPORT", _L + "passport_cue", Gate.PASSPORT_CUE, (), 60),
    RecognizerEntry(
        "us_passport", "US_PASSPORT", _R + "us_passport", Gate.DIGIT, _US_PASSPORT_CTX, 60, _c("US")
    ),
    RecognizerEntry(
        "us_bank_number",
        "US_BANK_NUMBER",
        _R + "us_bank_number",
        Gate.DIGIT,
        _US_BANK_NUMBER_CTX,
        56,
        _c("US"),
    ),
    RecognizerEntry(
        "medical_license",
        "MEDICAL_LICENSE",
        _R + "medical_license",
        Gate.DIGIT,
        _MEDICAL_LICENSE_CTX,
        54,
        _c("US"),
    ),
    # -- addresses, names, places, dates ----------------------------------------------------
    RecognizerEntry(
        "street_address", "STREET_ADDRESS", _R + "street_address", Gate.DIGIT, _ADDRESS_CTX, 40
    ),
    RecognizerEntry(
        "street_address_lower",
        "STREET_ADDRESS",
        _R + "street_address_lower",
        Gate.DIGIT,
        _ADDRESS_CTX,
        40,
    ),
    RecognizerEntry(
        "intl_address", "STREET_ADDRESS", _L + "intl_address", Gate.DIGIT, _ADDRESS_CTX, 40
    ),
    RecognizerEntry("person_cue", "PERSON", _R + "person_cue", Gate.NONE, (), 30),
    RecognizerEntry("person_cue_lower", "PERSON", _R + "person_cue_lower", Gate.NONE, (), 30),
    RecognizerEntry("person_field", "PERSON", _L + "person_field", Gate.NONE, (), 30),
    RecognizerEntry("name_gazetteer", "PERSON", _G + "name_gazetteer", Gate.UPPER, (), 30),
    RecognizerEntry(
        "table_names", "PERSON", "governance.pii.table_names:table_names", Gate.NONE, (), 30
    ),
    RecognizerEntry(
        "spacy_person",
        "PERSON",
        "",
        Gate.NONE,
        (),
        30,
        ner_labels=("PERSON", "PER"),
        ner_score=0.85,
    ),
    RecognizerEntry("location_cue", "LOCATION", _R + "location_cue", Gate.NONE, _ADDRESS_CTX, 20),
    RecognizerEntry(
        "spacy_location",
        "LOCATION",
        "",
        Gate.NONE,
        (),
        20,
        ner_labels=("GPE", "LOC"),
        ner_score=0.85,
    ),
    RecognizerEntry(
        "spacy_facility", "LOCATION", "", Gate.NONE, (), 20, ner_labels=("FAC",), ner_score=0.6
    ),
    RecognizerEntry(
        "spacy_nrp", "NRP", "", Gate.NONE, (), 15, ner_labels=("NORP",), ner_score=0.85
    ),
    RecognizerEntry("date", "DATE_TIME", _R + "date", Gate.DIGIT, _DATE_CTX, 10),
    RecognizerEntry(
        "spacy_date",
        "DATE_TIME",
        "",
        Gate.NONE,
        (),
        10,
        ner_labels=("DATE", "TIME"),
        ner_score=0.85,
    ),
    RecognizerEntry(
        "us_driver_license",
        "US_DRIVER_LICENSE",
        _R + "us_driver_license",
        Gate.DIGIT,
        _US_DRIVER_LICENSE_CTX,
        5,
    ),
    RecognizerEntry(
        "us_driver_license_cue",
        "US_DRIVER_LICENSE",
        _R + "us_driver_license_cue",
        Gate.DIGIT_AND_LICENCE_CUE,
        (),
        5,
    ),
)


def _derive_ranks(rows: tuple[RecognizerEntry, ...]) -> dict[str, int]:
    ranks: dict[str, int] = {}
    for row in rows:
        if ranks.setdefault(row.entity_type, row.rank) != row.rank:
            raise RuntimeError(f"registry: {row.name} ranks {row.entity_type} differently")
    return ranks


#: Entity type -> specificity rank (higher wins an overlap). Derived from the table.
SPECIFICITY: dict[str, int] = _derive_ranks(RECOGNIZERS)
#: Entity types the built-in gateway can detect. Derived from the table.
KNOWN_ENTITY_TYPES: frozenset[str] = frozenset(SPECIFICITY)
#: spaCy NER label -> (entity type, score, recognizer name). Derived from the table.
NER_LABELS: dict[str, tuple[str, float]] = {
    label: (row.entity_type, row.ner_score) for row in RECOGNIZERS for label in row.ner_labels
}


def canonical_country(code: str) -> str:
    """Upper-cased ISO code with aliases resolved (``uk`` -> ``GB``)."""
    upper = code.strip().upper()
    return COUNTRY_ALIASES.get(upper, upper)


def entries_for(countries: tuple[str, ...]) -> tuple[RecognizerEntry, ...]:
    """The pattern rows (not NER) a policy listing ``countries`` gets: every row without
    countries plus those of the listed ones; an empty tuple means the 30 default countries."""
    wanted = frozenset(map(canonical_country, countries)) or DEFAULT_COUNTRIES
    return tuple(
        row for row in RECOGNIZERS if row.factory and (not row.countries or row.countries & wanted)
    )
