"""Which names and places of the NER to keep, and where they start: precision rules.

The English NER, fine-tuned to find lower-case and foreign names, also takes words around
them and whole phrases of other languages for names: ``Sehr geehrte Frau Schröder``,
``Mit freundlichen Grüßen``, ``votre colis``, ``Nombre:``, ``Okonjo Textiles Ltd``. The rules
here trim greetings and honorifics off the front of a name and drop spans that are:

- greetings, closings and stop words only, in any of seven European languages;
- a field label: a word of the field list, or one the gazetteer does not know, before a
  colon (``Nombre:``, ``Lieferadresse:``);
- a company (its last word or the next word a legal-form suffix: ``Ltd``, ``GmbH``, ``SARL``);
- mixed case with a lower-case word that is no name particle (``Accepted publickey``);
- all lower case with a stop word that is no name particle (``queued as``), or one short
  word the gazetteer does not know (``omg``); one word in capitals it does not know
  (``CONTOSO``); a title-case span holding an unknown abbreviation (``UPS Ground``);
- one word the gazetteer does not know left after trimming lower-case words off the ends
  (``lol Emma`` keeps ``Emma``, ``Accepted publickey`` goes);
- a single word that names a role, a card brand, a month or a form field (``Founder``).

Rules that ask the gazetteer (Faker's lists) judge one word at a time: a name of two words
from a culture the lists lack is never dropped for being unknown. What the rules cost in
recall is measured in the benchmark (held-out sources: see the README).
"""

from __future__ import annotations

import regex

from governance.pii.name_gazetteer import POSSESSIVE, NameGazetteer
from governance.pii.name_stoplist import COMMON_WORDS, STOP_WORDS

__all__ = ["clean_person", "keep_location", "person_span"]


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


#: Words that open a greeting or address a person, never part of the name (case-folded).
LEAD_WORDS: frozenset[str] = _words(
    """
    hi hello hey dear thanks thank sure ok okay yes well regards cheers greetings morning
    good afternoon evening mr mrs ms mx miss dr prof sir madam mme mlle madame monsieur
    docteur doctor doktor herr frau sehr geehrte geehrter geehrtes liebe lieber liebes hallo
    bonjour bonsoir salut coucou cher chère chers hola buenos buenas días dias tardes
    estimado estimada señor señora sr sra srta doña olá oi prezado prezada
    ciao buongiorno gentile gentilissimo gentilissima egregio dott dottssa sig sigra signor
    signora beste geachte mevrouw meneer dhr mevr hej hei moi tisztelt kedves szanowny
    szanowna pani ahoj dobrý merhaba sayın g'day attn att attention
    """
)
#: Words of closing formulas (case-folded): a span made of these and stop words is no name.
CLOSING_WORDS: frozenset[str] = _words(
    """
    regards wishes sincerely yours faithfully truly cheers thanks many kind warm best
    respectfully cordially freundlichen freundliche grüßen grüße gruß grüssen grüsse viele
    herzliche herzlichen saludo saludos abrazo atentamente cordialmente cordialement bien
    bonne journée soirée amitiés salutations distinguées sincères respectueuses cordiali
    saluti distinti cordiale atenciosamente abraços abs atte vriendelijke groet groeten
    groetjes hartelijke hälsningar vänliga vänlig hälsning mvh venlig hilsen hilsner
    ystävällisin terveisin pozdrawiam pozdrowienia serdecznie pozdravem üdvözlettel
    saygılarımla disclaimer confidential
    """
)
#: Legal-form suffixes of companies (case-folded, without dots).
COMPANY_SUFFIXES: frozenset[str] = _words(
    """
    ltd llc llp lp inc corp co plc gmbh ag kg ohg ug sarl sas sa sl srl spa bv nv oy oyj ab
    as asa aps pty ltda eireli pvt kft zrt sro zoo limited incorporated corporation
    """
)
#: Single words the NER takes for names: roles, card brands, form words. (Month abbreviations
#: are judged by their neighbours below: ``Jan`` is also a first name.)
NOT_NAMES: frozenset[str] = _words(
    """
    founder cofounder co-founder director manager officer engineer consultant interpreter
    distributor vendor supplier customer client debtor creditor beneficiary recipient sender
    payee payer holder item items care team support contact tenant landlord patient employee
    applicant candidate owner visa mastercard amex maestro paypal
    mon tue wed thu fri sat sun disclaimer objet nota subject
    betreff asunto oggetto onderwerp titulaire destinataire destinatário empfänger nombre
    teléfono telefono telefon telefone téléphone cognome anschrift adresse endereço endereco
    lieferadresse bankverbindung betrag bestellnr kontakt
    """
)
#: Lower-case particles inside names (``Maria de la Cruz``, ``Ludwig van Beethoven``).
NAME_PARTICLES: frozenset[str] = _words(
    """
    de la le du des da das do dos di del della van von der den ter ten zu af bin binti ibn
    bint al el y e ben abu mac st
    """
)
_MONTHS = _words("jan feb mar apr may jun jul aug sep sept oct nov dec")
_DIGIT_AFTER = regex.compile(r"[ \t]+\d")
#: A month abbreviation after one of these words, or before a digit, is a month.
_MONTH_BEFORE = regex.compile(
    r"(?i:\b(?:in|since|until|till|by|of|from|to|before|after|early|late|mid|end|next|last|"
    r"this|every|\d{1,2}(?:st|nd|rd|th)?)[ \t]+)$"
)
_WORDS = regex.compile(r"[\p{L}\p{M}][\p{L}\p{M}'’.\-]*")
_COLON_AFTER = regex.compile(r"[ \t]*[\"']?[ \t]*:")
_NEXT_WORD = regex.compile(r"[ \t,]*([\p{L}][\p{L}.&/]*)")


def _fold(word: str) -> str:
    return word.casefold().replace("’", "'").rstrip(".")


def _known(word: str, gazetteer: NameGazetteer) -> bool:
    """A first name or surname of the gazetteer; a lower-case word also no common word."""
    folded = _fold(word)
    if folded in STOP_WORDS or (word.islower() and folded in COMMON_WORDS):
        return False
    core = POSSESSIVE.sub("", word)
    return gazetteer.is_first(core) or gazetteer.is_last(core)


def _company(text: str, end: int, words: list[str]) -> bool:
    if _fold(words[-1]).replace(".", "") in COMPANY_SUFFIXES and len(words) > 1:
        return True
    nxt = _NEXT_WORD.match(text, end)
    return nxt is not None and _fold(nxt.group(1)).replace(".", "") in COMPANY_SUFFIXES


def _filler(words: list[str], gazetteer: NameGazetteer) -> bool:
    """Greetings, closings and stop words only (a capitalized first name such as ``Will``
    or ``May`` is no stop word)."""
    return all(
        (w := _fold(word)) in CLOSING_WORDS
        or w in LEAD_WORDS
        or (w in STOP_WORDS and not (word.istitle() and gazetteer.is_first(word)))
        for word in words
    )


def person_span(
    text: str, start: int, end: int, *, gazetteer: NameGazetteer
) -> tuple[int, int] | None:
    """``text[start:end]``, a PERSON of the NER, trimmed of leading greetings and
    honorifics; None when the rules above say it is no name."""
    matches = _trimmed(text, start, end, gazetteer)
    if not matches:
        return None
    words = [m.group() for m in matches]
    if _filler(words, gazetteer) or _company(text, end, words):
        return None
    edged = False
    if not text[start:end].islower():
        # Lower-case words glued to either end (``lol Emma``, ``Sébastien from payroll``).
        while matches and _lower_word(matches[0].group()):
            matches.pop(0)
            edged = True
        while matches and _lower_word(matches[-1].group()):
            matches.pop()
            edged = True
        if not matches:
            return None
    start, end = matches[0].start(), matches[-1].end()
    words = [m.group() for m in matches]
    single_unknown = len(words) == 1 and not _known(words[0], gazetteer)
    if single_unknown and (edged or _COLON_AFTER.match(text, end)):
        return None
    span = text[start:end]
    if len(words) == 1 and _user_name(span, gazetteer):
        return _not_a_word(text, start, end, words)
    if span.islower():
        if any(_lower_word(w) and _fold(w) in STOP_WORDS for w in words) or (
            single_unknown and (len(words[0]) <= 3 or not _in_lists(words[0], gazetteer))
        ):
            return None
    elif span.isupper():
        if single_unknown:
            return None
    elif any(_lower_word(w) for w in words) or _acronym(words, gazetteer):
        return None
    return _not_a_word(text, start, end, words)


_USER_PARTS = regex.compile(r"[._]")


def _user_name(word: str, gazetteer: NameGazetteer) -> bool:
    """A lower-case user name made of a person's name: ``anna.lindqvist``, ``r.nakamura``,
    ``maria_garcia`` (every part of three letters or more a listed name, none a common word:
    not ``tom.cat`` or ``numpy.linalg``) or ``jkowalczyk`` (an initial and a listed surname of
    five letters or more, where the first two letters cannot start an English word: not
    ``fridge``, ``gender`` or ``partner``)."""
    if not word.islower() or not word.isascii():
        return False
    parts = [p for p in _USER_PARTS.split(word) if p]
    if len(parts) > 1:
        long_parts = [p for p in parts if len(p) >= 3]
        return (
            all(p.isalpha() for p in parts)
            and bool(long_parts)
            and all(_in_lists(p, gazetteer) and _fold(p) not in COMMON_WORDS for p in long_parts)
        )
    return (
        word.isalpha()
        and len(word) >= 6
        and word[0] not in _VOWELS
        and word[1] not in _VOWELS
        and word[:2] not in _ENGLISH_ONSETS
        and word not in COMMON_WORDS
        and gazetteer.is_last(word[1:])
    )


_VOWELS = frozenset("aeiouy")
#: Two consonants that start English words (``fridge``, ``sharing``): no initial-and-surname
#: user name begins with them as far as this rule can tell.
_ENGLISH_ONSETS = frozenset((
    "bl", "br", "ch", "cl", "cr", "dr", "dw", "fl", "fr", "gh", "gl", "gn", "gr", "kn", "ph",
    "pl", "pr", "ps", "sc", "sh", "sk", "sl", "sm", "sn", "sp", "st", "sw", "th", "tr", "tw",
    "wh", "wr",
))  # fmt: skip


def _in_lists(word: str, gazetteer: NameGazetteer) -> bool:
    """A name of the gazetteer's lists, common word or not: a single lower-case word the NER
    proposes is kept only then (``grace``, ``tunde``; not ``expenses`` or ``lundi``)."""
    core = POSSESSIVE.sub("", word)
    return gazetteer.is_first(core) or gazetteer.is_last(core)


def _acronym(words: list[str], gazetteer: NameGazetteer) -> bool:
    """An abbreviation in a title-case span (``Modem SN``, ``UPS Ground``): a word of two to
    four capitals that the gazetteer does not know (``KIM Min-jun`` keeps its surname)."""
    return any(
        w.isupper() and 2 <= len(w) <= 4 and w[-1] != "." and not _known(w, gazetteer)
        for w in words
    )


def _lower_word(word: str) -> bool:
    return word.islower() and _fold(word) not in NAME_PARTICLES


def _trimmed(text: str, start: int, end: int, gazetteer: NameGazetteer) -> list[regex.Match[str]]:
    """The words of ``text[start:end]`` without the greetings, honorifics and capitalized
    stop words (``Mijn``, not initials such as ``A.``) in front."""
    matches = list(_WORDS.finditer(text, start, end))
    while matches and (
        (w := _fold(matches[0].group())) in LEAD_WORDS
        or (
            w in STOP_WORDS
            and len(w) > 2
            and not matches[0].group().endswith(".")
            and not gazetteer.is_first(matches[0].group())
        )
    ):
        matches.pop(0)
    return matches


def _not_a_word(text: str, start: int, end: int, words: list[str]) -> tuple[int, int] | None:
    if len(words) != 1:
        return start, end
    folded = _fold(words[0])
    if folded in NOT_NAMES:
        return None
    if folded in _MONTHS and (
        _DIGIT_AFTER.match(text, end) or _MONTH_BEFORE.search(text, max(0, start - 12), start)
    ):
        return None
    return start, end


def clean_person(
    text: str, start: int, end: int, *, gazetteer: NameGazetteer
) -> tuple[int, int] | None:
    """A PERSON of any recognizer, trimmed of leading greetings and honorifics; None for a
    single word that names a role, a card brand or a form field."""
    matches = _trimmed(text, start, end, gazetteer)
    if not matches:
        return None
    start = matches[0].start()
    return _not_a_word(text, start, end, [m.group() for m in matches])


def keep_location(text: str, start: int, end: int, *, gazetteer: NameGazetteer) -> bool:
    """Whether a place of the NER can be one: no field label, closing formula, or phrase
    of lower-case words holding a stop word (``merci de rembourser sur``)."""
    words = [m.group() for m in _WORDS.finditer(text, start, end)]
    if not words or _filler(words, gazetteer):
        return False
    if _COLON_AFTER.match(text, end) or text[start:end].casefold() in NOT_NAMES:
        return False
    lower = [w for w in words if w.islower()]
    return not (lower and any(_fold(w) in STOP_WORDS for w in lower) and len(words) > 1)
