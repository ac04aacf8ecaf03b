"""Words that are names in the gazetteer but usually something else (pure data).

:data:`COMMON_WORDS`: first names and surnames that are also common words of English,
French, German, Spanish, Italian, Portuguese or Dutch (spaCy's stop words of those
languages, months and days, and a hand-kept list of content words such as Will, May, Rose,
Mark, Grace). :data:`NEVER_SURNAMES`: words of streets, places and organisations that some
surname lists hold but that, after a first name, name a place (``Grace Street``).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

__all__ = ["COMMON_WORDS", "NEVER_SURNAMES", "STOP_WORDS"]

_STOP_LANGUAGES = ("en", "fr", "de", "es", "it", "pt", "nl")


def _words(block: str) -> list[str]:
    return block.split()


_HAND = _words("""
will may rose mark grace bill art june summer hope joy page guy frank earl dean chase hunter
rich penny faith dawn ray pat sue jack miles pearl ruby amber crystal iris lily ivy holly
heather olive violet jasmine daisy autumn april august sunny sky storm river forest brook
dale glen cliff rocky stone wolf fox king prince duke major sterling price cash chance
bishop cook baker hill wood street lane road park green brown white black gray grey young
long little short best bell ball hall field ford marsh moore bush rivers wells banks love
day church bond law power lord nation case bank mobile service support team customer sales
account order invoice payment card office manager director head chief general admin
victoria paris florence sydney austin jordan georgia chelsea madison lincoln washington
houston dallas phoenix orlando charlotte adelaide regina china india israel brazil kenya
christian christmas easter sunday monday tuesday wednesday thursday friday saturday
january february march july september october november december
lundi mardi mercredi jeudi vendredi samedi dimanche janvier février mars avril mai juin
juillet août septembre octobre novembre décembre montag dienstag mittwoch donnerstag
freitag samstag sonntag januar februar märz juni juli oktober dezember lunes martes
miércoles jueves viernes sábado domingo enero febrero marzo mayo junio julio agosto
septiembre octubre noviembre diciembre lunedì martedì mercoledì giovedì venerdì sabato
gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre segunda terça
quarta quinta sexta janeiro fevereiro março maio junho julho outubro dezembro maandag
dinsdag woensdag donderdag vrijdag zaterdag zondag januari februari maart augustus
rosa luz paz cruz dolores soledad sol mar blanca rey leal real bueno nuevo santo santos
franco franca reina angel ángel salvador amparo consuelo mercedes
blanc noir rouge petit grand leblanc lebrun prince marin roi juste
klein lange neu weiss weiß schwarz braun wolf fuchs koch bauer meister kaiser könig
sommer winter herbst frühling
smart hardy noble gentle moody wise sharp swift strong bright
new old north south east west central united great royal saint san santa
hello thanks dear regards cheers welcome please sorry
""")

_NEVER_SURNAMES = _words("""
street st road rd lane ln avenue ave drive dr court ct place pl square sq park way hill
bridge hall church station gate house green close gardens garden terrace row walk mill
wood woods field fields castle tower port bay beach island lake river valley mount mountain
rue avenue boulevard allée chemin impasse quai strasse straße weg platz gasse allee ring
calle via rua avenida plaza praça largo travessa viale piazza corso vicolo laan plein
gracht kade straat vej gade gata gatan veien tie katu sokak caddesi marg nagar
airport hospital school university college hotel centre center group bank ltd inc gmbh
""")


def _stop_words() -> set[str]:
    """spaCy's stop words of the languages, read from their plain data modules (without
    importing the language packages, whose tokenizer exceptions take seconds to load)."""
    spacy_spec = importlib.util.find_spec("spacy")
    if spacy_spec is None or spacy_spec.origin is None:
        return set()
    lang = Path(spacy_spec.origin).parent / "lang"
    words: set[str] = set()
    for code in _STOP_LANGUAGES:
        spec = importlib.util.spec_from_file_location(
            f"_stop_words_{code}", lang / code / "stop_words.py"
        )
        if spec is None or spec.loader is None:
            continue
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        words.update(w.casefold() for w in module.STOP_WORDS)
    return words


#: Case-folded stop words of the seven languages.
STOP_WORDS: frozenset[str] = frozenset(_stop_words())
#: Case-folded common words (see the module docstring).
COMMON_WORDS: frozenset[str] = STOP_WORDS | frozenset(_HAND)
#: Case-folded words that never end a name on their own.
NEVER_SURNAMES: frozenset[str] = frozenset(_NEVER_SURNAMES)
