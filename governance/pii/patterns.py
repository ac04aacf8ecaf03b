"""Regular expressions of the gateway's own recognizers (names after cues, street addresses,
US phone formats, bounded URLs). Pure data: compiled once by ``recognizers.py``."""

from __future__ import annotations

__all__ = [
    "AFTER_PHONE_PLUS",
    "CARD_NUMBER",
    "CITY_STATE_ZIP",
    "GREETING_NAME",
    "HONORIFIC_NAME",
    "INTRO_NAME",
    "INTRO_NAME_LOWER",
    "MILITARY_ADDRESS",
    "PO_BOX",
    "SIGNOFF_NAME_NEXT_LINE",
    "SIGNOFF_NAME_SAME_LINE",
    "SSN_AFTER_CUE",
    "STREET_ADDRESS",
    "STREET_ADDRESS_LOWER",
    "STREET_SUFFIXES",
    "TITLES",
    "URL_CANDIDATE",
    "URL_WITH_SCHEME",
    "US_PHONE",
    "US_PHONE_BARE",
]

_WORD = r"\p{Lu}[\p{L}'-]*\p{Ll}"
#: Particles inside names (van der Pluijm, de Gonçalves, bin Salman, dos Santos).
_PARTICLE = (
    r"(?:van|von|der|den|de|del|della|di|da|dos|das|do|du|la|le|bin|binti|al|el|ter|ten|zu|y|"
    r"e|af|av)"
)
#: Titles before a name, in the supported languages (one or two, e.g. "Univ.Prof. Dr.").
TITLES = (
    r"(?:(?:(?:Mr|Mrs|Ms|Mx|Dr|Miss|Prof|Univ\.Prof|Dipl\.-Ing|Ing|Mag|Dott|Dott\.ssa|Sig|Sig\.ra|"
    r"Sr|Sra|Srta|Mme|Mlle|M|Herr|Frau|Hr|Fr|pan|pani|Öğr|Doç|Av|Eng)\.?[ ]){1,2})"
)
_NOT_NAME = (
    r"(?!(?:Not|Having|Trying|Unable|Still|Just|Sorry|Writing|Contacting|Reaching|Looking|"
    r"Going|Getting|Here|The|A|An|From|In|On|At|And|With|For|To|Calling|Please|So|Very|"
    r"Really|Also|Again|Currently|Team|Support|Everyone|All|There|Sir|Madam|Folks|Customer|"
    r"Service|Unfortunately|Hoping|Following|Interested|Wondering|Sure|Glad|Happy|Your|My|"
    r"Our|This|That|It|We|You|They|Thank|Thanks|Regards|Best|Hello|Hi|Hey|Dear|Monday|"
    r"Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Order|Account|Ticket|Refund|Urgent|"
    r"Important|Frustrated|Done|Fine|Okay|New|Back|Available|Confused|Locked|Charged|Billed)\b)"
)
_NAME = (
    rf"{_NOT_NAME}{_WORD}(?:[ ]\p{{Lu}}\.)?"
    rf"(?:[ ](?:{_PARTICLE}[ ]){{0,2}}{_NOT_NAME}{_WORD}){{0,3}}"
    r"(?:,?[ ](?:Jr\.?|Sr\.?|II|III|IV|MD|DDS|DVM|PhD|Esq\.?)(?![\w]))?"
)
_LOWER_WORD = r"\p{Ll}[\p{Ll}'-]*\p{Ll}"
#: Any-case word (for "(?i:...)" patterns: a name alone on the line after a sign-off).
_ANY_WORD = r"\p{L}[\p{L}'-]*\p{L}"
_NOT_LOWER = (
    r"(?!(?:not|having|trying|unable|still|just|sorry|writing|the|a|an|from|in|on|at|and|"
    r"with|for|to|is|was|please|so|very|really|also|again|here|there|calling|going|looking|"
    r"reaching|contacting|team|support|customer|service|regards|thanks|your|my|our)\b)"
)

#: "I'm Jane Doe", "my name is Jane", "this is Jane Doe", "name's Jane".
INTRO_NAME = (
    r"(?<=(?i:\b(?:i'm|i\s+am|im|my\s+name\s+is|my\s+name's|name\s+is|name's|this\s+is|"
    r"it's|it\s+is|called|signed|cardholder|customer|holder)):?\s+" + TITLES + "?)" + _NAME
)
#: Lower-cased self-introduction: only after "my name is" (strong cue).
INTRO_NAME_LOWER = (
    rf"(?<=\b(?:my\s+name\s+is|my\s+name's|name's|i'm|i\s+am)\s+){_NOT_LOWER}{_LOWER_WORD}"
    rf"(?:[ ]{_NOT_LOWER}{_LOWER_WORD})?(?=\s*(?:[,.!;\n]|$|\band\b|\bfrom\b|\bhere\b))"
)
_SIGNOFF = (
    r"(?i:regards|best\s+regards|kind\s+regards|warm\s+regards|warmly|thanks|thank\s+you|"
    r"thanks\s+again|many\s+thanks|thanks\s+so\s+much|cheers|sincerely|yours\s+sincerely|"
    r"best|all\s+the\s+best|best\s+wishes|yours\s+truly|respectfully|cordially|talk\s+soon|"
    r"take\s+care|appreciate\s+it|-+|—|–|~)"
)
#: "Regards,\nJane Doe" (any case: a name alone on the line after a sign-off).
SIGNOFF_NAME_NEXT_LINE = (
    rf"(?<={_SIGNOFF}[,.!]?[ \t]*\r?\n(?:[ \t]*\r?\n)?[ \t]*{TITLES}?)(?i:{_NOT_LOWER}{_ANY_WORD}"
    rf"(?:[ ](?:[a-z]\.[ ])?{_NOT_LOWER}{_ANY_WORD}){{0,3}})(?=[ \t]*(?:\r?\n|$))"
)
#: "Thanks, Jane" / "Best, Jane Doe" / "- Jane" on the same line.
SIGNOFF_NAME_SAME_LINE = rf"(?<={_SIGNOFF}[,!]?[ \t]+){_NAME}(?=[ \t]*(?:[.!]?\s*$|\r?\n))"
#: "Hi Jane," / "Dear Mr. Doe:" / "Hello Jane Doe!"
GREETING_NAME = (
    rf"(?<=\b(?i:hi|hello|hey|dear|greetings|good\s+morning|good\s+afternoon)[ \t]+"
    rf"{TITLES}?){_NAME}(?=[ \t]*[,!:\n])"
)
#: "Mr. Doe", "Dr. Jane Doe".
HONORIFIC_NAME = rf"(?<=\b{TITLES}){_NAME}"

STREET_SUFFIXES = (
    "Alley|Aly|Avenue|Ave|Av|Bend|Boulevard|Blvd|Branch|Bridge|Brook|Brooks|Burg|Bypass|Camp|"
    "Canyon|Cape|Causeway|Center|Centers|Circle|Circles|Cir|Cliff|Cliffs|Club|Common|Corner|"
    "Corners|Course|Court|Courts|Ct|Cove|Coves|Creek|Crescent|Crest|Crossing|Crossroad|Curve|"
    "Dale|Dam|Divide|Drive|Drives|Dr|Estate|Estates|Expressway|Expy|Extension|Extensions|Fall|"
    "Falls|Ferry|Field|Fields|Flat|Flats|Ford|Fords|Forest|Forge|Forges|Fork|Forks|Fort|"
    "Freeway|Fwy|Garden|Gardens|Gateway|Glen|Glens|Green|Greens|Grove|Groves|Harbor|Harbors|"
    "Haven|Heights|Hts|Highway|Hwy|Hill|Hills|Hollow|Inlet|Island|Islands|Isle|Junction|"
    "Junctions|Key|Keys|Knoll|Knolls|Lake|Lakes|Land|Landing|Lane|Ln|Light|Lights|Loaf|Lock|"
    "Locks|Lodge|Loop|Mall|Manor|Manors|Meadow|Meadows|Mews|Mill|Mills|Mission|Motorway|Mount|"
    "Mountain|Mountains|Neck|Orchard|Oval|Overpass|Park|Parks|Parkway|Parkways|Pkwy|Pass|"
    "Passage|Path|Pike|Pine|Pines|Place|Pl|Plain|Plains|Plaza|Plz|Point|Points|Port|Ports|"
    "Prairie|Radial|Ramp|Ranch|Rapid|Rapids|Rest|Ridge|Ridges|River|Road|Roads|Rd|Route|Rte|"
    "Row|Rue|Run|Shoal|Shoals|Shore|Shores|Skyway|Spring|Springs|Spur|Spurs|Square|Squares|Sq|"
    "Station|Stravenue|Stream|Street|Streets|St|Summit|Terrace|Ter|Throughway|Trace|Track|"
    "Trafficway|Trail|Trl|Trailer|Tunnel|Turnpike|Tpke|Underpass|Union|Unions|Valley|Valleys|"
    "Via|Viaduct|View|Views|Village|Villages|Ville|Vista|Walk|Walks|Wall|Way|Ways|Well|Wells"
)
_UNIT = (
    r"(?:,?[ \t]+(?:Apt\.?|Apartment|Suite|Ste\.?|Unit|Floor|Fl\.?|Room|Rm\.?|Bldg\.?|#)"
    r"[ \t]*#?[ \t]*[A-Za-z0-9-]*\d[A-Za-z0-9-]*)?"
)
_CITY_STATE_ZIP = (
    r"[A-Z][A-Za-z.'-]+(?:[ ][A-Z][A-Za-z.'-]+){0,2},[ \t]+[A-Z]{2}[ \t]+\d{5}(?:-\d{4})?"
)
#: "123 Main Street Apt. 4, Springfield, IL 62704" (the city/state/zip tail is optional).
STREET_ADDRESS = (
    r"\b\d{1,6}[A-Za-z]?[ \t]+(?:(?:[NSEW]\.?|North|South|East|West)[ \t]+)?"
    rf"(?:(?:[A-Z][A-Za-z'.-]*|\d+(?:st|nd|rd|th))[ \t]+){{1,3}}(?:{STREET_SUFFIXES})s?\b\.?"
    rf"(?:[ \t]+(?:[NSEW]|NE|NW|SE|SW)\b\.?)?{_UNIT}"
    rf"(?:,?\s+{_CITY_STATE_ZIP}\b"
    r"|,[ \t]+[A-Z][A-Za-z'-]+(?:[ ][A-Z][A-Za-z'-]+){0,2}(?=[?.!;\n]|$))?"
)
#: Lower-cased street address (weak; needs context such as "address", "live", "ship").
STREET_ADDRESS_LOWER = (
    rf"(?i:\b\d{{1,6}}[ \t]+{_NOT_LOWER}(?:[a-z][a-z'.-]*[ \t]+){{1,3}}"
    rf"(?:{STREET_SUFFIXES})s?\b\.?)"
)
#: "Springfield, IL 62704".
CITY_STATE_ZIP = rf"\b{_CITY_STATE_ZIP}\b"
PO_BOX = r"(?i:\bP\.?[ ]?O\.?[ ]+Box[ ]+\d{1,6}\b)"
MILITARY_ADDRESS = (
    r"\b(?:(?:PSC|Unit|USNS|USNV|USS|USCGC)[ ][A-Za-z0-9 ,]{1,30}?\s+)?"
    r"(?:APO|FPO|DPO)[ ](?:AA|AE|AP)[ ]\d{5}\b"
)

_SEP = r"[ \t.\-]?"
#: NANP numbers with separators, optional +1/1/001 prefix and extension.
US_PHONE = (
    r"(?<![\w+.-])(?:(?:\+?1|001)[ \t.\-]?)?(?:\(\d{3}\)[ \t]?|\d{3}[ \t.\-])\d{3}[ \t.\-]\d{4}"
    r"(?:[ \t]?(?:x|ext\.?|extension)[ \t]?\d{1,5})?(?![\w-])"
)
#: Ten bare digits, optionally with +1 (weak: needs context like "call" or "phone").
US_PHONE_BARE = r"(?<![\w+.-])(?:\+?1)?\d{10}(?:[ \t]?(?:x|ext\.?)[ \t]?\d{1,5})?(?![\w-])"
#: Not right after a '+' that opens a phone number (``+44 7911 123456`` holds no card,
#: ``+353857731406`` no Aadhaar); a '+' after a word is a URL-encoded space
#: (``card+4111111111111111``, ``my+pesel+44051401359``), after which a value may start.
AFTER_PHONE_PLUS = r"(?<!(?<!\w)\+)"
#: 12-19 digits, optionally grouped by spaces or dashes (validated by Luhn and IIN prefix).
CARD_NUMBER = rf"(?<![\w-]){AFTER_PHONE_PLUS}\d(?:[ -]?\d){{11,18}}(?![\w-])"
#: Nine digits right after an SSN cue ("SSN: 536221234", also after digits were joined).
SSN_AFTER_CUE = (
    r"(?<=(?i:\b(?:ssn|social\s+security(?:\s+(?:number|no\.?|#))?|ss\s?#|ss\s+no\.?)"
    r"(?:\s+(?:is|was))?[\s:#]*))(?!000|666|9)\d{9}(?!\d)"
)
#: A licence number right after a driver's licence cue ("DL# D1234567", "license no. 12345").
DRIVER_LICENSE_AFTER_CUE = (
    r"(?<=(?i:\b(?:driver'?s?\s+licen[cs]e|driving\s+licen[cs]e|licen[cs]e|DL)"
    r"(?:\s+(?:number|no\.?|num|#|id))?(?:\s+(?:is|was))?[\s:#]*))"
    r"(?=[A-Za-z0-9-]*\d)[A-Za-z]{0,2}\d?[A-Za-z0-9-]{4,14}\b"
)
#: "on behalf of Jane Doe", "my colleague Jane Doe", "Jane Doe here".
RELATION_NAME = (
    r"(?<=(?i:\b(?:on\s+behalf\s+of|my\s+(?:colleague|coworker|co-worker|wife|husband|son|"
    r"daughter|mother|father|mom|dad|friend|manager|boss|partner|assistant|brother|sister)|"
    r"contact\s+person|account\s+holder|cardholder\s+name|name\s+on\s+the\s+card):?\s+))" + _NAME
)
NAME_HERE = rf"(?<=(?i:\b(?:hi|hello|hey|greetings)\b)[^,\n]{{0,20}},[ \t]+){_NAME}(?=[ \t]+here\b)"
#: "moved from Springfield", "I live in Lake Tara".
PLACE_AFTER_CUE = (
    r"(?<=(?i:\b(?:moved|moving|relocated|relocating)\s+(?:from|to)|\b(?:live|living|based|"
    r"located|reside|residing|stay|staying)\s+in)\s+)"
    r"(?!(?:The|A|An|My|Our|Your|This|That)\b)"
    r"[A-Z][A-Za-z'-]+(?:[ ](?:and[ ])?[A-Z][A-Za-z'-]+){0,3}"
)
#: IBAN shape (country, check digits, 11-30 alphanumerics), for IBANs failing Presidio's check.
IBAN_SHAPE = (
    r"\b(?:[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?"
    r"|[a-z]{2}\d{2}(?:[ ]?[a-z0-9]{4}){2,7}(?:[ ]?[a-z0-9]{1,4})?)\b"
)
#: A URL with scheme: everything up to white space, trailing punctuation excluded.
URL_WITH_SCHEME = r"(?i)\bhttps?://[^\s<>\"'()]*[^\s<>\"'().,;:!?]"
#: A host name (optionally www.) with an optional path; the recognizer validates the TLD.
URL_CANDIDATE = (
    r"(?i)(?<![\w.@/-])(?:www\d{0,3}\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}"
    r"(?:/[^\s()<>\"']*[^\s()<>\"'.,;:!?])?(?![\w@-])"
)
