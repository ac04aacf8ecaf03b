"""Context words of the national identifiers of :mod:`governance.catalog.registry` (the
registry's context column for the identifier rows), in the languages of their countries.

A word matches a token of the text (lower-cased), or its start when longer than three
characters; multi-word cues are listed by their distinctive word. Pure data.
"""

from __future__ import annotations

__all__ = [
    "AR_CUIT_CTX",
    "AR_DNI_CTX",
    "AT_SSN_CTX",
    "AU_ABN_CTX",
    "AU_TFN_CTX",
    "BE_NN_CTX",
    "BR_CNPJ_CTX",
    "BR_CPF_CTX",
    "CA_SIN_CTX",
    "CH_AHV_CTX",
    "CZ_RC_CTX",
    "DE_TAX_ID_CTX",
    "DK_CPR_CTX",
    "ES_NIE_CTX",
    "ES_NIF_CTX",
    "FI_HETU_CTX",
    "FR_NIR_CTX",
    "ID_CTX",
    "IE_PPS_CTX",
    "IN_AADHAAR_CTX",
    "IN_PAN_CTX",
    "IT_FISCAL_CODE_CTX",
    "JP_MY_NUMBER_CTX",
    "LU_ID_CTX",
    "MX_CURP_CTX",
    "MX_NSS_CTX",
    "MX_RFC_CTX",
    "NG_NIN_CTX",
    "NL_BSN_CTX",
    "NO_FNR_CTX",
    "NZ_IRD_CTX",
    "PT_CC_CTX",
    "PT_NIF_CTX",
    "SE_PNR_CTX",
    "SG_NRIC_FIN_CTX",
    "TR_TCKN_CTX",
    "UK_NHS_CTX",
    "UK_NINO_CTX",
    "US_ITIN_CTX",
    "US_SSN_CTX",
    "ZA_ID_CTX",
]

US_SSN_CTX = ("ssn", "social", "security", "ss#", "ssid")
US_ITIN_CTX = ("itin", "taxpayer", "tax")
UK_NHS_CTX = ("nhs", "health", "patient")
UK_NINO_CTX = ("nino", "national", "insurance", "ni")
ES_NIF_CTX = ("dni", "nif", "documento", "identidad")
ES_NIE_CTX = ("nie", "extranjero", "identidad")
IT_FISCAL_CODE_CTX = ("codice", "fiscale", "cf")
DE_TAX_ID_CTX = (
    "steuer",
    "steuerid",
    "steuer-id",
    "idnr",
    "identifikationsnummer",
    "tax",
    "steueridentifikationsnummer",
)
FR_NIR_CTX = ("sécurité", "securite", "sociale", "nir", "insee", "vitale", "social")
NL_BSN_CTX = ("bsn", "burgerservicenummer", "sofi")
CA_SIN_CTX = ("sin", "social", "insurance", "nas")
AU_TFN_CTX = ("tfn", "tax", "file")
AU_ABN_CTX = ("abn", "business")
IN_PAN_CTX = ("pan", "permanent", "account", "income", "tax")
IN_AADHAAR_CTX = ("aadhaar", "aadhar", "uidai", "uid")
BR_CPF_CTX = ("cpf", "contribuinte", "pessoa")
BR_CNPJ_CTX = ("cnpj", "empresa")
SG_NRIC_FIN_CTX = ("nric", "fin")
#: Words naming an identity document or number in general (checksum-validated types only).
ID_CTX = (
    "id", "identity", "identification", "national", "citizen", "personal", "ausweis",
    "identité", "identidad", "identidade", "identiteit", "identità", "kimlik", "henkilö",
)  # fmt: skip
AT_SSN_CTX = (
    "sozialversicherungsnummer", "svnr", "vsnr", "versicherungsnummer",
    "sozialversicherung", "social", "insurance", "ssn", *ID_CTX,
)  # fmt: skip
CH_AHV_CTX = (
    "ahv", "avs", "sozialversicherungsnummer",
    "versichertennummer", "assurance", "social", "ssn", *ID_CTX,
)  # fmt: skip
BE_NN_CTX = (
    "rijksregisternummer", "rijksregister", "registre", "niss", "insz", "nn", "rrn",
    "numéro", "national", "nationaal", "identificatienummer", *ID_CTX,
)  # fmt: skip
SE_PNR_CTX = ("personnummer", "personnr", "pnr", "person", "samordningsnummer", *ID_CTX)
DK_CPR_CTX = ("cpr", "personnummer", "personnr", *ID_CTX)
NO_FNR_CTX = (
    "fødselsnummer", "fodselsnummer", "fnr", "fødselsnr", "personnummer", *ID_CTX,
)  # fmt: skip
FI_HETU_CTX = ("henkilötunnus", "hetu", "sotu", "personbeteckning", *ID_CTX)
CZ_RC_CTX = ("rodné", "rodne", "číslo", "cislo", "rč", "birth", *ID_CTX)
PT_NIF_CTX = ("nif", "contribuinte", "fiscal", "nipc", "tax", *ID_CTX)
PT_CC_CTX = ("cartão", "cartao", "cidadão", "cidadao", "cc", *ID_CTX)
IE_PPS_CTX = ("pps", "ppsn", "public", "service", *ID_CTX)
MX_CURP_CTX = ("curp", "clave", "población", *ID_CTX)
MX_RFC_CTX = ("rfc", "contribuyentes", "fiscal", "tax", *ID_CTX)
MX_NSS_CTX = ("nss", "imss", "seguro", "social", "afiliación")
AR_DNI_CTX = ("dni", "documento")
AR_CUIT_CTX = ("cuit", "cuil", "tributaria", "tax", *ID_CTX)
TR_TCKN_CTX = ("tc", "tckn", "tckimlik", "kimlik", "vatandaşlık", "tcno", *ID_CTX)
JP_MY_NUMBER_CTX = ("mynumber", "マイナンバー", "個人番号", "kojin", "individual", *ID_CTX)
NZ_IRD_CTX = ("ird", "inland", "revenue", "tax", *ID_CTX)
ZA_ID_CTX = ("rsa", "sa", "identity", "id", "idnr", *ID_CTX)
LU_ID_CTX = (
    "matricule", "sécurité", "securite", "sociale", "identifiant", "cns", "nin",
    "sozialversicherungsnummer", "identifikationsnummer", *ID_CTX,
)  # fmt: skip
NG_NIN_CTX = ("nin", "nimc", "identification")
