"""More training templates: names in running text of other languages, lower-case chat,
names with a role or an affiliation, numbered lists, and user names in system logs.

Written for the phenomena the first model missed on the tuned-on ``handwritten_dev`` set
(names in French and German sentences, lower-case first names in chat, ``X (procurement)``,
``Name | Title`` signature lines, ``FAMILY, Given`` in lists, log user names); the held-out
benchmark sources were not read. Slots are those of :mod:`pipeline.ner_model.data`, plus
``{LGIVEN}`` (a lower-case first name), ``{USER}`` (a user name made from a person's name,
labelled ``PERSON``), ``{ROLE}``, and ``{URL}``/``{HOST}`` (links and host names, which
are no names: the model must not take dotted words for user names).
"""

from __future__ import annotations

__all__ = ["ROLES", "TEMPLATES_WORLD"]

ROLES: tuple[str, ...] = (
    "procurement", "finance", "payroll", "HR", "legal", "IT", "ops", "sales", "billing",
    "Head of Finance", "Office Manager", "Senior Buyer", "Account Executive", "CTO",
    "Directeur commercial", "Responsable RH", "Geschäftsführer", "Gerente de ventas",
    "Key Account Manager", "Nurse Practitioner", "Care Coordinator", "Team Lead",
)  # fmt: skip

TEMPLATES_WORLD: tuple[str, ...] = (
    # lower-case chat: first names in the middle of a sentence
    "@{LGIVEN} can u send the deck to {LGIVEN} before 3?",
    "running late, if {LGIVEN} gets there first tell them to grab a table",
    "cheers {LGIVEN}",
    "thx {LGIVEN} ur a star",
    "ask {LGIVEN} for the wifi password lol",
    "{LGIVEN} says hi! moving to {CITY} next month",
    "hi its {LGIVEN}, the {PRODUCT} is dead again",
    "me and {LGIVEN} will pick it up tmrw",
    "did {LGIVEN} ever get back to u?",
    "tell {LGIVEN} i said thanks",
    "ok {LGIVEN} np",
    "{GIVEN} said the {PRODUCT} was fine, {LGIVEN} disagrees",
    "omg {LGIVEN} left her keys at {LGIVEN}'s place",
    "ping {FAMILY}-san before lunch, his cell is {PHONE}",
    "{NAME} here, vpn kicked me out again",
    "{GIVEN} here! still waiting on the refund",
    "Thanks! {GIVEN} ({PHONE})",
    "Love, {GIVEN} x",
    # French
    "Bonjour, je m'appelle {NAME} et je n'arrive plus à me connecter.",
    "Merci de noter que {NAME} (né le {DATE}) est en arrêt jusqu'au {DATE}.",
    "Bonjour {GIVEN},\nvoici le devis demandé.\nCordialement,\n{NAME}",
    "tu peux m'envoyer l'adresse de {LGIVEN} ? je crois qu'il habite à {CITY}",
    "Je vous adresse Mme {NAME}, née le {DATE}, pour un bilan.",
    "Mon père {NAME} a rendez-vous le {DATE} mais il ne pourra pas venir.\n{GIVEN}",
    "Merci de me rappeler au {PHONE}.\n{GIVEN}",
    "Le colis pour {NAME} est bloqué à {CITY}.",
    "Client {NAME} ({CITY}) : portable {PHONE}",
    "slt c {LGIVEN} ! tu viens ce soir ?",
    # German
    "Sehr geehrte Frau {FAMILY},\nanbei die Rechnung.\nMit freundlichen Grüßen\n{NAME}",
    "Die Erstattung wurde abgelehnt, deshalb privat bezahlt. Danke! {GIVEN} ({PHONE})",
    "Hallo {GIVEN}, kannst du {NAME2} bitte zurückrufen?",
    "Herr {NAME} hat am {DATE} angerufen.",
    "Ansprechpartner: {NAME}, Tel. {PHONE}",
    # Spanish, Italian, Portuguese, Dutch
    "Hola {GIVEN}, te escribo por el pedido {ORDER}. Saludos, {NAME}",
    "El paciente {NAME} fue atendido el {DATE} en {CITY}.",
    "Buongiorno, sono {NAME} e vorrei cambiare l'indirizzo di consegna.",
    "Gentile {NAME}, la sua pratica {ORDER} è stata chiusa.",
    "Olá {GIVEN}, o pedido {ORDER} foi entregue a {NAME}.",
    "Destinatário: {NAME}\n{ADDRESS}",
    "Beste {GIVEN}, dank voor je bericht. Groet, {NAME}",
    "Mevrouw {FAMILY} belde over factuur {ORDER}.",
    # names with a role, affiliation or value right after them
    "Call w/ {NAME} ({ROLE}): wants 200 seats of {PRODUCT}",
    "she will loop in {GIVEN} from {ROLE} before the renewal",
    "Thanks,\n{GIVEN}\n\n{NAME} | {ROLE}\n{COMPANY}",
    "{NAME} - {ROLE} - {COMPANY}\n{PHONE}",
    "Distributor contact: {NAME}, {EMAIL}, {PHONE}",
    "Courier booking {ORDER}: pickup from {NAME}, {ADDRESS}.",
    "Attn: {NAME}\nPlease remit to {COMPANY}.",
    "Deliver to: {NAME} ({KANJI})\n{ADDRESS}",
    "Interpreter needed for {NAME}, appt {DATE}. Her son {GIVEN} can be reached on {PHONE}.",
    "met {NAME} at the {CITY} expo, very keen on the pilot",
    "{GIVEN} {FAMILY} ({ROLE}) approved the PO.",
    "per {GIVEN}'s email, the {PRODUCT} ships {DATE}",
    "Spoke with {NAME}'s manager, {NAME2}.",
    # numbered lists and tables
    "1) {NAME} | {ORDER} | €40.00\n2) {NAME2} | {ORDER} | €12.50",
    "{ORDER}. {FAMILY}, {GIVEN} | {PHONE}",
    "- {NAME} ({ROLE})\n- {NAME2} ({ROLE})",
    "first,last,email,city\n{GIVEN},{FAMILY},{EMAIL},{CITY}",
    "Attendees: {NAME}, {NAME2}, {GIVEN} {FAMILY}",
    # user names in system logs: the person behind the account
    "sshd[{ORDER}]: Accepted publickey for {USER} from 10.20.4.117 port 60114 ssh2",
    "[deploy] release 10.4.2.118 built by {USER}, rolled out to 3/3 nodes",
    "An account was successfully logged on.\nAccount Name: {USER}\nAccount Domain: CONTOSO",
    "login failed for user {USER} ({TIME})",
    "git commit by {USER}: fix {PRODUCT} sync",
    "user={USER} action=export rows=1200",
    # chat fillers before names, links and host names near them (links are no names)
    "omg {GIVEN} just texted me",
    "btw {GIVEN} sent the link: {URL}",
    "lol {LGIVEN} forgot the charger again",
    "tbh {GIVEN} was right about the {PRODUCT}",
    "{GIVEN} shared {URL} in the chat",
    "ngl {LGIVEN} saved the day",
    "see {URL} for the tracking page",
    "download it from {URL} and restart",
    "the site {HOST} is down again",
    "logs uploaded to {URL} by {USER}",
    "mail bounced from {HOST}, ask {GIVEN}",
    "proxy {HOST} rejected the request from {USER}",
    # no person
    "Will the {PRODUCT} be back in stock before {DATE}?",
    "Grace period ends on {DATE}; Summer sale prices apply.",
    "Mark the ticket {ORDER} as resolved.",
    "Merci de votre patience. Le service client",
    "Mit freundlichen Grüßen\n{TEAM}",
    "Saludos cordiales,\n{TEAM}",
)  # fmt: skip
