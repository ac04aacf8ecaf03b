"""Names: what the NER takes for a name and is not (greetings, closings, field labels,
companies, phrases of other languages), names repeated in a text, a first name alone where
only a name goes, and names in the columns of a table. Real analyzer (shipped NER)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from governance.pii.gateway import PiiGateway
from governance.pii.name_gazetteer import load_gazetteer
from governance.pii.name_propagation import propagate_names
from governance.pii.ner_spans import clean_person, keep_location, person_span
from governance.pii.table_names import TableNameRecognizer
from governance.pii.types import PiiFinding


def _people(gateway: PiiGateway, text: str) -> list[str]:
    return [
        text[f.start : f.end]
        for f in gateway.analyzer.analyze(text)
        if f.entity_type == "PERSON" and f.score >= 0.6
    ]


# (text, a span the NER or another recognizer could take, what must remain of it or None)
NER_SPANS: list[tuple[str, str, str | None]] = [
    ("Sehr geehrte Frau Schröder,\nanbei", "Sehr geehrte Frau Schröder", "Schröder"),
    ("Bonjour Docteur Lefèvre,\nje", "Bonjour Docteur Lefèvre", "Lefèvre"),
    ("Beste Sanne,\nMijn BSN is 284619371", "Beste Sanne", "Sanne"),
    ("Mit freundlichen Grüßen\nJürgen", "Mit freundlichen Grüßen", None),
    ("Un saludo,\nJavier", "Un saludo", None),
    ("Bonne journée,\nClaire", "Bonne journée", None),
    ("Nombre: María José", "Nombre", None),
    ("Lieferadresse: Jürgen Weißmüller", "Lieferadresse", None),
    ("Please remit to Okonjo Textiles Ltd:\nGBP", "Okonjo Textiles Ltd", None),
    ("Atelier Beaumarchais SARL\n8 avenue", "Atelier Beaumarchais", None),
    ("Accepted publickey for jkowalczyk", "Accepted publickey", None),
    ("status=sent (250 2.0.0 Ok: queued as B81E2D44F1)", "queued as", None),
    ("Account Domain: CONTOSO\n", "CONTOSO", None),
    ("UPS Ground label\nMarcus", "UPS Ground", None),
    ("Founder, Tidewater Design Studio", "Founder", None),
    ("Jun  3 02:17:55 bastion-01 sshd", "Jun", None),
    ("Salary was paid late in Jan", "Jan", None),
    ("please confirm, Jan.", "Jan", "Jan"),  # a first name as well as a month
    ("Jun will call you back", "Jun", "Jun"),
    # one lower-case word: kept only when the name lists hold it, or a user name made of one
    ("Re: expenses\nPlease reimburse", "expenses", None),
    ("Ballı Şensoy called: wants a callback", "wants", None),
    ("can u send the deck to grace before 3?", "grace", "grace"),
    ("Accepted publickey for jkowalczyk from 10.20.4.117", "jkowalczyk", "jkowalczyk"),
    ("built by anna.lindqvist, rolled out", "anna.lindqvist", "anna.lindqvist"),
    ("Account Name: r.nakamura\n", "r.nakamura", "r.nakamura"),
    ("image=registry.internal/api:2.31.0", "registry.internal", None),
    # words that end in a listed surname are no user names (found on attack)
    ("my fridge broke", "fridge", None),
    ("what gender option", "gender", None),
    ("thanks sender", "sender", None),
    ("partner portal", "partner", None),
    ("ping tom.cat", "tom.cat", None),
    ("see mark.down", "mark.down", None),
    ("lol Emma just sent me a link", "lol Emma", "Emma"),
    ("Hi all, Sébastien from payroll.", "Sébastien from payroll", "Sébastien"),
    ("Best,\nA. K. Osei\nOsei & Mensah", "A. K. Osei", "A. K. Osei"),
    ("I met Maria dos Santos today", "Maria dos Santos", "Maria dos Santos"),
    ("call ZHANG Wei back", "ZHANG Wei", "ZHANG Wei"),
    ("ticket_owner=hannah schultz priority=high", "hannah schultz", "hannah schultz"),
]


@pytest.mark.parametrize(("text", "span", "kept"), NER_SPANS)
def test_ner_person_spans_are_trimmed_or_dropped(text: str, span: str, kept: str | None) -> None:
    start = text.index(span)
    result = person_span(text, start, start + len(span), gazetteer=load_gazetteer())
    assert (text[result[0] : result[1]] if result else None) == kept


@pytest.mark.parametrize(
    ("text", "place", "keep"),
    [
        ("meine neue Anschrift: Lindenstraße 12", "Anschrift", False),
        ("merci de rembourser sur mon compte", "merci de rembourser sur", False),
        ('"endereco": "Rua Comendador Araújo, 731"', "endereco", False),
        ("Bonjour, je m'appelle Thibault", "Bonjour", False),
        ("she moved to Bergen last year", "Bergen", True),
        ("Client Lucas Favre (Genève) : portable", "Genève", True),
    ],
)
def test_ner_places_that_are_labels_or_phrases_are_dropped(
    text: str, place: str, keep: bool
) -> None:
    start = text.index(place)
    assert keep_location(text, start, start + len(place), gazetteer=load_gazetteer()) is keep


def test_any_recognizers_name_loses_a_greeting_in_front() -> None:
    text = "Beste Sanne,"
    assert clean_person(text, 0, 11, gazetteer=load_gazetteer()) == (6, 11)
    assert clean_person("Founder", 0, 7, gazetteer=load_gazetteer()) is None


@pytest.mark.parametrize(
    ("text", "again"),
    [
        ("Lars Eriksson and Ingrid Solberg joined. Lars is remote.", "Lars"),
        ("Ms Ngozi Okafor called. Okafor's line is busy.", "Okafor"),
    ],
)
def test_a_name_found_once_is_found_again(gateway: PiiGateway, text: str, again: str) -> None:
    last = text.rindex(again)
    spans = [(f.start, f.end) for f in gateway.analyzer.analyze(text) if f.entity_type == "PERSON"]
    assert any(a <= last and last + len(again) <= b for a, b in spans)


def test_propagation_skips_common_words_and_covered_text() -> None:
    text = "Will Price paid. The price will rise; Price said so."
    found = [PiiFinding("PERSON", 0, 10, 0.85, "spacy_person")]
    out = propagate_names(text, found, min_score=0.5)
    assert [(text[f.start : f.end]) for f in out] == ["Will Price"]


def test_propagation_finds_every_whole_word_mention_with_the_lending_score() -> None:
    text = "Aoife Brennan wrote. Brennan's note, see brennan@example.com and Brennanstown."
    found = [
        PiiFinding("PERSON", 0, 13, 0.7, "name_gazetteer"),
        PiiFinding("EMAIL_ADDRESS", 41, 60, 1.0, "email"),
    ]
    out = propagate_names(text, found, min_score=0.5)
    extra = [f for f in out if f.recognizer == "name_propagation"]
    assert [(text[f.start : f.end], f.score) for f in extra] == [("Brennan", 0.7)]


@given(st.text(alphabet="ab ,.'\n", max_size=40))
@settings(max_examples=200, deadline=None)
def test_propagation_never_overlaps_the_findings_it_started_from(noise: str) -> None:
    text = "Ingrid Solberg " + noise + " Solberg"
    found = [PiiFinding("PERSON", 0, 14, 0.8, "spacy_person")]
    out = propagate_names(text, found, min_score=0.5)
    spans = sorted((f.start, f.end) for f in out)
    assert all(b <= c for (_, b), (c, _) in itertools.pairwise(spans))
    assert (len(text) - 7, len(text)) in spans


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Hi all, Sébastien from payroll. The bonus is late.", "Sébastien"),
        ("G'day Bronwyn, here's my TFN for the payroll", "Bronwyn"),
        ("the transfer goes to IE94SMBT03935525844709; please confirm, Francesca.", "Francesca"),
        ("Anna here, quick question about the invoice", "Anna"),
        ("the transfer goes to PL69578137085433521756912737; please confirm, Jan.", "Jan"),
    ],
)
def test_a_first_name_alone_where_only_a_name_goes(
    gateway: PiiGateway, text: str, name: str
) -> None:
    assert name in _people(gateway, text)


@pytest.mark.parametrize(
    "text",
    [
        "we moved to Berlin, Germany.",
        "Thanks, Monday works.",
        "Regards, the support team",
        "Hi all, quick update from payroll.",
    ],
)
def test_no_single_name_without_a_known_first_name(gateway: PiiGateway, text: str) -> None:
    assert [
        f
        for f in gateway.analyzer.analyze(text)
        if f.entity_type == "PERSON" and f.recognizer == "name_gazetteer"
    ] == []


TABLES: list[tuple[str, list[str]]] = [
    (
        'name,email,mobile,city\n"Okafor, Chidi",chidi@example.ng,0809 552 1184,Abuja\n'
        '"Nwosu, Adaeze",ada@example.ng,+234 706 318 4452,Enugu',
        ["Okafor, Chidi", "Nwosu, Adaeze"],
    ),
    (
        "first_name;last_name;email\nMateus;da Silva Costa;m@example.br\nSaoirse;Ní Bhriain;s@x.ie",
        ["Mateus", "da Silva Costa", "Saoirse", "Ní Bhriain"],
    ),
    ("Nom\tPrénom\tVille\nLefort\tCamille\tLyon", ["Lefort", "Camille"]),
    ("id | Customer Name | plan\n17 | björn þórsson | team", ["björn þórsson"]),
]


@pytest.mark.parametrize(("text", "names"), TABLES)
def test_names_in_person_columns_of_a_table(text: str, names: list[str]) -> None:
    found = [text[r.start : r.end] for r in TableNameRecognizer().analyze(text, ["PERSON"])]
    assert found == names


@pytest.mark.parametrize(
    "text",
    [
        "SKU,qty,price\n4471-BLK-XL,2,39.90",
        "name,email\n12345,a@example.com",  # a number in the name column
        "name,email\nAlice Walker",  # a row with another number of cells
        "Name: Alice Walker, in a sentence, not a table",
        "first,last\n\nAlice,Walker",  # a blank line ends the table
    ],
)
def test_table_near_misses(text: str) -> None:
    assert TableNameRecognizer().analyze(text, ["PERSON"]) == []


@pytest.mark.parametrize(
    "text",
    [
        "laptop still refuses to update past 4.2.0.117",
        "after upgrading to 10.4.2.1 the export button is greyed out",
        "[deploy] release 10.4.2.118 built from 9e41c07b2d5f",
    ],
)
def test_a_version_after_an_update_word_is_no_ip_address(gateway: PiiGateway, text: str) -> None:
    assert [f for f in gateway.analyzer.analyze(text) if f.entity_type == "IP_ADDRESS"] == []


@pytest.mark.parametrize(
    ("text", "ip"),
    [
        ("login from 83.59.144.202 failed", "83.59.144.202"),
        ("after the update the client ip 10.0.0.5 was blocked", "10.0.0.5"),
    ],
)
def test_an_ip_address_stays_one(gateway: PiiGateway, text: str, ip: str) -> None:
    found = [text[f.start : f.end] for f in gateway.analyzer.analyze(text)]
    assert ip in found
