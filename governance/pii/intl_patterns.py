"""Regular expressions for international postal addresses, name fields and cue-word values.

Pure data (``regex`` module syntax: ``\\p{Lu}``, variable-length look-behind), compiled once
by :mod:`governance.pii.locale_patterns`. Addresses combine a street line (number and
street-type word in many languages, or street type and number) with optional postcode and
city lines, on one line or several.
"""

from __future__ import annotations

from governance.pii.patterns import STREET_SUFFIXES, TITLES

__all__ = [
    "ADDRESS_BLOCK",
    "CVV_AFTER_CUE",
    "FIELD_NAME",
    "FIELD_NAME_LOWER",
    "FIELD_SURNAME_FIRST",
    "GREETING_LOWER",
    "JSON_NAME",
    "LOWER_ADDRESS",
    "PASSPORT_AFTER_CUE",
    "POSTAL_BOX",
    "POSTCODE_ALONE",
    "POSTCODE_CITY",
    "SIGNATURE_NAME",
]

_CAP = r"\p{Lu}[\p{L}'’.-]*"
_PART = r"(?:de|du|des|la|le|les|d'|l'|del|della|dei|di|da|dos|das|do|van|von|der|den|am|an|im|y)"
#: Street name words: capitalized words, with particles between them.
_NAMEWORDS = rf"(?:{_PART}[ ]?)*{_CAP}(?:[ -](?:{_PART}[ ]?)*{_CAP}){{0,4}}"
_ROMANCE = (
    r"rue|avenue|av\.|ave\.|boulevard|boul\.?|bd\.?|blvd\.?|place|pl\.|allée|chemin|ch\.|impasse|"
    r"quai|cours|route|rte\.?|square|passage|faubourg|via|viale|v\.le|piazza|p\.za|piazzale|"
    r"corso|largo|vicolo|calle|c/|avenida|avda\.?|paseo|plaza|pza\.|carrera|camino|ronda|"
    r"rambla|travesía|rua|r\.|travessa|praça|estrada|alameda|rodovia|ulica|ul\.|aleja|al\.|"
    r"osiedle|os\.|náměstí|nám\.|třída|nábřeží|cadde(?:si)?|cad\.|sokak|sokağı|sk\.|"
    r"bulvarı?|blv\.|mahallesi|mah\.|strada|str\."
)
_GERMANIC = (
    r"straße|strasse|str\.|weg|gasse|allee|platz|damm|ufer|chaussee|steig|pfad|gade|vej|"
    r"veien|vegen|gata|gatan|vägen|väg|katu|tie|kuja|straat|laan|gracht|plein|kade|dreef|"
    r"singel|dijk|steenweg"
)
_GERMANIC_WORD = (
    r"Straße|Strasse|Str\.|Weg|Gasse|Allee|Platz|Ring|Damm|Ufer|Markt|Chaussee|Gade|Vej|"
    r"Gata|Gatan|Straat|Laan|Plein|Gracht|Kade|Hof|Park"
)
_HOUSE = r"\d{1,5}[ ]?[a-zA-Z]?(?![\w])(?:[ ]?[-/][ ]?\d{1,4}[a-zA-Z]?)?"
_FRENCH_LINE = (
    rf"\d{{1,4}}(?:[ ]?(?:bis|ter|[a-zA-Z]))?,?[ ]+(?i:{_ROMANCE})[ ]+"
    rf"(?:(?:de[ ]la|de|du|des|d'|l')[ ]?)?{_NAMEWORDS}"
)
_TYPE_FIRST_LINE = (
    rf"(?<![\w])(?i:{_ROMANCE})[ ]+(?:(?:de[ ]la|de|del|du|des|da|do|dos|das|d'|l')[ ]?)?"
    rf"{_NAMEWORDS},?[ ]+(?:(?i:n[º°o]\.?|nr\.?|no\.?)[ ]?)?{_HOUSE}"
)
_GERMANIC_LINE = (
    rf"(?:\p{{Lu}}[\p{{L}}-]*[ ])?\p{{Lu}}[\p{{L}}-]+(?i:{_GERMANIC})\b[ ]+{_HOUSE}"
    rf"|\p{{Lu}}[\p{{L}}-]+[ ](?:{_GERMANIC_WORD})[ ]+{_HOUSE}"
)
_UNIT_FIRST = (
    r"(?:(?i:flat|apt\.?|apartment|suite|unit|room|house|h\.?[ ]?no\.?|plot|door|level|floor)"
    r"[ ]?#?[\w/-]+,?[ ]+)"
)
_ENGLISH_LINE = (
    rf"{_UNIT_FIRST}?\d{{1,6}}[A-Za-z]?,?[ \t]+(?:(?:{_CAP}|\d+(?:st|nd|rd|th))[ \t]+){{1,3}}"
    rf"(?:{STREET_SUFFIXES})s?\b\.?"
)
_INDIAN_LINE = (
    rf"{_UNIT_FIRST}?(?:(?i:no\.?[ ]?)?\d{{1,4}}[A-Za-z]?,?[ ]+)?"
    rf"(?:(?:{_CAP}|\d{{1,3}}(?:st|nd|rd|th))[ ]){{1,3}}"
    r"(?:Road|Rd\.?|Marg|Nagar|Colony|Layout|Cross|Main|Street|Lane|Chowk|Bazaar)\b"
)
_JAPANESE_LINE = (
    r"\d{1,4}-\d{1,4}(?:-\d{1,4})?[ ]+\p{Lu}[\p{L}-]*(?:[ ]\p{Lu}[\p{L}-]*)?"
    r"(?:,[ ]*\p{Lu}[\p{L}]*-(?:ku|shi|cho|machi|gun|ken|to|fu))+"
    r"|\p{Lu}\p{L}+-(?:ku|shi)[ ,]+\p{Lu}[\p{L}-]*[ ]\d{1,4}-\d{1,4}(?:-\d{1,4})?"
)
_STREET_LINE = (
    rf"(?:{_FRENCH_LINE}|{_TYPE_FIRST_LINE}|{_GERMANIC_LINE}|{_JAPANESE_LINE}|{_ENGLISH_LINE}"
    rf"|{_INDIAN_LINE})"
)

_CITY_PART = (
    r"(?:an|der|den|die|am|im|vorm|bei|ob|sur|sous|en|lès|les|le|la|de|del|della|di|da|do|"
    r"dos|das|los|las|el|y|aan|op|ter|ten)"
)
_CITY_WORD = r"(?:[\p{L}'’-]*\p{L})"
_CITY = (
    rf"(?:{_CITY_PART}[ ])?(?:St\.[ ])?\p{{Lu}}{_CITY_WORD}"
    rf"(?:[ -](?:(?:{_CITY_PART}[ -]){{1,2}}\p{{L}}{_CITY_WORD}|\p{{Lu}}{_CITY_WORD})){{0,3}}"
    r"(?:[ ]\d{1,2}(?:e|er)?(?![\w]))?"  # Praha 2, Paris 8e
    r"(?:[ ]?\((?:[A-Z]{2}|\p{Lu}\p{L}+)\))?(?:[ ]?/[ ]?[A-Z]{2})?"  # Roma (RM), Recife / PE
)
_UK_POSTCODE = r"(?:GIR[ ]?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?[ ]?\d[ABD-HJLNP-UW-Z]{2})"
_CA_POSTCODE = r"[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z][ -]?\d[ABCEGHJ-NPRSTV-Z]\d"
_EIRCODE = r"[AC-FHKNPRTV-Y]\d{2}[ ]?[0-9AC-FHKNPRTV-Y]{4}"
_LETTER_POSTCODE = rf"(?:{_UK_POSTCODE}|{_CA_POSTCODE}|{_EIRCODE})"
_REGION = r"(?:,?[ ]?[-–]?[ ]?(?:[A-Z]{2,3}\b|\p{Lu}\p{Ll}+(?:[ ]\p{Lu}\p{Ll}+)?))?"
_NUMERIC_POSTCODE = (
    r"(?:\d{5}-\d{3,4}|\d{4}-\d{3}|\d{2}-\d{3}|\d{3}[ ]\d{2}|[1-9]\d{2}[ ]\d{3}|\d{8}|"
    r"\d{4,6}|\d{3}-\d{4}|[A-Z]\d{4}[A-Z]{3})"
)
_TO_CITY = r"(?:,?[ ]+|[ \t]*\r?\n[ \t]*)"
#: Postcode and city in the orders and shapes of the supported countries.
POSTCODE_CITY = (
    r"(?:"
    rf"\d{{4}}[ ]?[A-Z]{{2}}{_TO_CITY}{_CITY}"  # 1012 AB Amsterdam
    rf"|(?:[A-Z]{{1,2}}-)?{_NUMERIC_POSTCODE}{_TO_CITY}{_CITY}"  # 10115 Berlin, 30010, Campagna
    rf"|{_LETTER_POSTCODE}(?:[ ]+{_CITY})?"  # SW1A 1AA, T641W3V Keri Ville
    rf"|{_CITY}{_REGION},?[ ]+(?:(?i:cep|c\.p\.|cp|pin|zip)[: ]*)?"
    rf"(?:{_LETTER_POSTCODE}|{_NUMERIC_POSTCODE})"  # London SW1A 1AA, Sydney NSW 2000
    rf"|{_CITY}[ ]?-[ ]?[1-9]\d{{5}}"  # Nandyal-833788
    r")(?![\w])"
    rf"|{_CITY}[ ]+\d{{1,2}}(?=[ ]*(?:\r?\n|$|,))"  # Dublin 2
)
#: Postcode-first forms and UK/Canadian postcodes, standing alone (weak: needs a cue).
POSTCODE_ALONE = (
    r"(?<![\w-])(?:"
    rf"(?:[A-Z]{{1,2}}-)?\d{{4,5}}[ ]+{_CITY}|\d{{4}}[ ]?[A-Z]{{2}}[ ]+{_CITY}"
    rf"|\d{{3}}[ ]\d{{2}}[ ]+{_CITY}|\d{{2}}-\d{{3}}[ ]+{_CITY}|\d{{4}}-\d{{3}}[ ]+{_CITY}"
    rf"|{_UK_POSTCODE}|{_CA_POSTCODE}"
    r")(?![\w])"
)
_COUNTRY_LINE = (
    r"(?:[ \t]*(?:,|\r?\n)[ \t]*(?:Germany|Deutschland|France|Italy|Italia|Spain|España|"
    r"Portugal|Netherlands|Nederland|Belgium|Belgique|België|Austria|Österreich|Switzerland|"
    r"Schweiz|Suisse|Luxembourg|Poland|Polska|Czechia|Czech Republic|Sweden|Sverige|Denmark|"
    r"Danmark|Norway|Norge|Finland|Suomi|Turkey|Türkiye|India|Japan|Australia|New Zealand|"
    r"South Africa|Nigeria|Brazil|Brasil|Argentina|Mexico|México|Canada|Ireland|"
    r"United Kingdom|UK|USA|United States)\b)?"
)
_SEP = r"(?:,[ \t]*(?:\r?\n[ \t]*)?|[ \t]*\r?\n[ \t]*|[ \t]+[-–][ \t]+|[ \t]+)"
_LINE_SEP = r"(?:[ \t]*,[ \t]*(?:\r?\n[ \t]*)?|[ \t]*\r?\n[ \t]*|[ \t]+[-–][ \t]+)"
_LOW_LEAD = rf"(?:(?i:{_ROMANCE})|plac|na|am|an|im|op|de|la|le|del|da|do|di|van|von)"
_WORDS = (
    rf"(?:{_LOW_LEAD}[ ]){{0,2}}\p{{Lu}}[\p{{L}}'’.-]*"
    r"(?:[ ](?:[\p{Ll}'’]{1,5}[ ]){0,2}\p{Lu}[\p{L}'’.-]*){0,3}"
)
_NUMBER = (
    r"(?:(?i:n[º°o]\.?|nr\.?|no\.?)[ ]?)?\d{1,5}[ ]?[A-Za-z]?(?![\w])"
    r"(?:[ ]?[/-][ ]?\d{1,4}[A-Za-z]?)?"
)
_GENERIC_STREET = (
    rf"(?:{_UNIT_FIRST}?(?:\d{{1,5}}/)?\d{{1,5}}[A-Za-z]?,?[ ]+{_WORDS}"
    rf"|{_WORDS}(?:[ ]\p{{Ll}}{{2,8}})?,?[ ]+{_NUMBER}(?:[ ]?(?i:s/n))?"
    rf"|(?i:{_ROMANCE})[ ]+{_WORDS}|(?i:s/n))"
)
_UNIT_EXTRA = (
    r"(?:(?i:apt|apartment|suite|ste|unit|flat|edif|depto|dpto|piso|oficina|appartamento|"
    r"apto|app|int|interno|scala|bus|boîte|bte|etage|étage|stock|bloco|casa|lote|torre|s/n)\.?"
    r"(?:[ ]?[\w/-]+)?|\d{1,3}[º°ªoa](?:[ ]?(?:\d{1,3}[º°ªoa]|(?i:izq|izda|dcha|der)\.?))?)"
)
_EXTRA = (
    rf"(?:{_LINE_SEP}|[ ]+)?{_UNIT_EXTRA}"
    rf"|{_LINE_SEP}\p{{Lu}}[\p{{L}}'-]+(?:[ ](?:\p{{Lu}}[\p{{L}}'-]+|\d{{1,3}}(?:st|nd|rd|th)))"
    r"{0,3}(?:[ ]\d{1,3})?"
)
#: A street line (with a street-type word, in many languages) and, optionally, its postcode
#: and city; or any street line (words and a house number, either order) followed by a
#: postcode/city line, with up to two unit or locality lines between: a postal address.
ADDRESS_BLOCK = (
    rf"(?<![\w])(?:(?:{_STREET_LINE}|{_GENERIC_STREET})(?:{_EXTRA}){{0,2}}{_SEP}"
    rf"(?:{POSTCODE_CITY}){_COUNTRY_LINE}|{_STREET_LINE})"
)
_LW = r"[\p{Ll}'’-]+"
_LOWER_UK_POSTCODE = r"[a-pr-uwyz][a-hk-y]?\d[a-z\d]?[ ]?\d[abd-hjlnp-uw-z]{2}"
_FR_WORD = rf"(?!(?:à|et|mais|ou)\b){_LW}"
_FR_TOWN = rf"(?:,?[ ]+\d{{5}}[ ]+{_LW}|[ ]+à[ ]+{_LW})"
#: Addresses typed in lower case, as in chat: an English street line that ends in a postcode
#: (``22 cranbrook rd, ilford ig1 4pg``), or a French one (``14 rue victor hugo à nantes``).
LOWER_ADDRESS = (
    rf"(?<![\w])\d{{1,5}}[a-z]?[ ]+(?:{_LW}[ ]){{1,2}}"
    r"(?:rd|road|st|street|ave|avenue|lane|ln|drive|dr|close|way|crescent|cres|terrace|"
    r"court|ct|place|pl|grove|gardens|gdns|blvd|hill|row|square|sq|walk|mews)\.?"
    rf"(?:,?[ ]+{_LW}(?:[ ]{_LW})?)?,?[ ]+(?:{_LOWER_UK_POSTCODE}|\d{{5}}(?:-\d{{4}})?)(?![\w])"
    rf"|(?<![\w])\d{{1,4}}(?:[ ]?(?:bis|ter))?,?[ ]+"
    r"(?:rue|avenue|av|boulevard|bd|place|allée|chemin|impasse|quai|cours|route)[ ]+"
    rf"(?:(?:(?:de[ ]la|de|du|des|d'|l')[ ]?{_FR_WORD}(?:[ ]{_FR_WORD}){{0,3}}"
    rf"|{_FR_WORD}(?:[ ]{_FR_WORD}){{1,3}}){_FR_TOWN}?|{_FR_WORD}{_FR_TOWN})"
)
#: Post office boxes in several languages.
POSTAL_BOX = (
    r"(?<![\w])(?i:p\.?[ ]?o\.?[ ]?box|post[ ]office[ ]box|postfach|boîte[ ]postale|b\.?p\.|"
    r"apartado(?:[ ]de[ ]correos)?|caixa[ ]postal|casilla(?:[ ]de[ ]correo)?|private[ ]bag|"
    r"postbus|postboks|box|pmb|skrytka[ ]pocztowa)[ ]?(?:no\.?[ ]?)?(?:[A-Z]{1,2}[ ]?)?\d{1,6}"
    r"(?:[ ]\d{2,4})?\b"
)

# -- names in fields, JSON, signatures -------------------------------------------------------
_WORD = r"\p{Lu}[\p{L}'-]*\p{Ll}"
_NOT = (
    r"(?!(?:The|A|An|Support|Team|Customer|Service|Sales|Billing|Admin|Info|Help|Desk|"
    r"Unknown|None|Null|N/A|Na|Test|User|Guest|Anonymous|Me|You|All|Everyone|Re|Fwd|Fw|"
    r"Subject|Date|Sent|Order|Ticket|Hello|Hi|Dear|Thanks|Regards|Monday|Tuesday|Wednesday|"
    r"Thursday|Friday|Saturday|Sunday|Mr|Mrs|Ms|Mx|Dr|Miss|Mme|Mlle|M|Herr|Frau|Sr|Sra|Srta|"
    r"Prof|Dott|Sig|Dipl|Univ|Ing|Mag|Hr|Fr)\b)"
)
_FNAME = rf"{_NOT}{_WORD}(?:[ ]\p{{Lu}}\.)?(?:[ ](?:{_PART}[ ])?{_NOT}{_WORD}){{0,3}}"
_FIELD_CUE = (
    r"(?i:name|full[ ]name|customer(?:[ ]name)?|client(?:[ ]name)?|contact(?:[ ](?:person|name))?|"
    r"from|to|cc|patient(?:[ ]name)?|employee(?:[ ]name)?|attn|attention|recipient|sender|caller|"
    r"guest|passenger|tenant|applicant|candidate|resident|requested[ ]by|reported[ ]by|"
    r"assigned[ ]to|submitted[ ]by|owner|account[ ]holder|nom|prénom|nom[ ]complet|"
    r"destinataire|expéditeur|de|à|vorname|nachname|kunde|ansprechpartner|von|an|nombre|"
    r"apellidos?|cliente|paciente|naam|nome|nazwisko|imię|cognome|sobrenome|achternaam|"
    r"voornaam|efternamn|förnamn|fornavn|etternavn|efternavn|sukunimi|etunimi|soyad[ıi]|"
    r"příjmení|jméno|vezetéknév|keresztnév|titulaire|titular|holder|debtor|beneficiary|"
    r"destinatário|remetente|empfänger|payee|kontoinhaber|intestatario)(?:\(s\))?"
)
_FIELD_START = rf"(?<=(?:^|\n)[ \t>*-]*{_FIELD_CUE}[ \t]*:[ \t]*{TITLES}?)"
#: "Name: Alice Walker", "From: Alice Walker <alice@...>", "Nom : Dupont".
FIELD_NAME = rf"{_FIELD_START}{_FNAME}"
#: "Name: WALKER, Alice" / "Patient: WALKER Alice" (surname first, capitals).
FIELD_SURNAME_FIRST = rf"{_FIELD_START}\p{{Lu}}{{2,}}[\p{{Lu}}'-]*,?[ ]{_WORD}(?:[ -]{_WORD})?"
_LOWER = r"[a-z][a-z'-]*[a-z]"
_NOT_LOWER = (
    r"(?!(?:the|a|an|support|team|customer|service|sales|billing|admin|info|help|n/a|none|"
    r"null|unknown|test|user|guest|me|you|all|everyone|there|again|folks|guys|friend|"
    r"friends|sir|madam|order|ticket)\b)"
)
#: "name: alice walker" (lower case after a name field cue; two or three words).
FIELD_NAME_LOWER = (
    r"(?<=(?:^|\n)[ \t>*-]*(?i:name|full[ ]name|customer[ ]name|contact[ ]name|patient|"
    r"employee|nom|vorname|nachname|nombre|nome|naam)[ \t]*:[ \t]*)"
    rf"{_NOT_LOWER}{_LOWER}(?:[ ]{_NOT_LOWER}{_LOWER}){{1,2}}(?=[ \t]*(?:\r?\n|$|,|;|<))"
)
_JSON_KEY = (
    r"(?i:name|full_?name|first_?name|last_?name|given_?name|family_?name|surname|display_?name|"
    r"customer(?:_?name)?|contact(?:_?name)?|author|sender|recipient|patient(?:_?name)?|"
    r"employee(?:_?name)?|holder(?:_?name)?|nom|prenom|prénom|vorname|nachname|nombre|apellido|"
    r"nome|naam|user_?name)"
)
#: ``{"name": "Alice Walker"}``, ``'customer': 'alice walker'`` (JSON or Python dicts).
JSON_NAME = (
    rf"(?<=[\"']{_JSON_KEY}[\"'][ \t]*[:=][ \t]*[\"'])(?=\p{{Lu}}|\p{{L}}+[ ]\p{{L}})"
    r"\p{L}[\p{L}'’. -]{0,58}\p{L}\.?(?=[\"'])"
)
_TITLE = (
    r"Manager|Director|Engineer|Officer|Nurse|Coordinator|Assistant|Agent|Specialist|Lead|"
    r"Head|CEO|CTO|CFO|COO|VP|President|Consultant|Analyst|Developer|Administrator|Advisor|"
    r"Representative|Supervisor|Associate|Partner|Founder|Owner|Accountant|Recruiter|"
    r"Physician|Doctor|Therapist|Teacher|Professor|Directeur|Directrice|Responsable|"
    r"Geschäftsführer|Leiter|Gerente|Directora?"
)
#: A name alone on a line, followed by a signature line (title, e-mail or phone).
SIGNATURE_NAME = (
    rf"(?<=(?:^|\n)[ \t]*){_FNAME}(?=[ \t]*(?:[,|][ \t]*[^\n]{{0,60}})?\r?\n[^\n]{{0,80}}?"
    rf"(?:@|\+?\d[\d ().-]{{6,}}\d|\b(?:{_TITLE})\b))"
)
#: "hi alice," (a lower-case first name after a greeting, before a comma).
GREETING_LOWER = (
    rf"(?<=(?:^|\n|[.!?][ ])[ \t]*(?:hi|hello|hey|dear)[ ]){_NOT_LOWER}{_LOWER}(?=[ \t]*,)"
)
#: A card security code right after a cue ("CVV 123", "security code: 4821").
CVV_AFTER_CUE = (
    r"(?<=(?i:\b(?:cvv2?|cvc2?|cid|csc|card[ ]security[ ]code|security[ ]code|"
    r"card[ ]verification(?:[ ](?:code|value))?|cryptogramme(?:[ ]visuel)?|"
    r"code[ ]de[ ]sécurité|kartenprüfnummer|prüfnummer|código[ ]de[ ]seguridad)"
    r"(?:[ _](?:is|was|code|number|no\.?|est|ist|es))*[\"']?[ \t]*[:#=-]?[ \t]*[\"']?))"
    r"\d{3,4}(?![\w])"
)
#: A passport number right after a cue ("passport no. X1234567", "Reisepass: C01X00T47").
PASSPORT_AFTER_CUE = (
    r"(?<=(?i:\b(?:passport|passeport|reisepass|pasaporte|passaporto|paspoort|paszport|"
    r"passaporte)(?:[ _](?:no\.?|number|nr\.?|num[eé]ro|nummer|n°|n[º°o]|#|id))?"
    r"(?:[ ](?:is|was|est|ist|es))?[\"']?[ \t]*[:#=]?[ \t]*[\"']?))"
    r"(?=[A-Za-z0-9]*\d)[A-Za-z0-9]{6,9}(?![\w])"
)
