"""Hand-written chat messages (support widget, team chat). Markup: see ``markup.py``."""

# One message per line, as written (long lines are the data, not code).
# ruff: noqa: E501

__all__ = ["CHAT"]

CHAT: tuple[str, ...] = (
    "hi, it's [[P:rose hill]] again, the app still logs me out every 5 minutes",
    "can u check order [[~ORDER_NUMBER:#48213977]]? it says delivered but [[P:will]] never got it",
    "[[P:Mark Price]] here. the price on the site was [[~PRICE:$49.99]], you charged me [[~PRICE:$59.99]]",
    "my husband [[P:Grace Long]]'s account got merged with mine, his email is [[EM:glong1971@example.net]]",
    "Hey!! It's [[P:Siobhán Ní Bhriain]], I changed my number to [[PH:+353 87 412 9981]]",
    "the installer is version [[~VERSION:4.2.0.117]] and it crashes on start, windows build [[~VERSION:10.0.22631.3447]]",
    "ok so my card is [[CC:4942 6671\n8000 8699]] sorry the chat split it",
    "use this one: [[EM/SPELLED:eve [at] example [dot] com]], the other inbox is full",
    "pls send the invoice to [[EM/SPELLED:e v e @ e x a m p l e . c o m]] (spaced so the bots dont get it lol)",
    'debug dump: {"user": {"name": "[[P:Alice Walker]]", "tier": "gold", "sku": "[[~SKU:4471-BLK-XL]]"}}',
    "I'm [[P:Nguyễn Thị Lan]], calling from [[LOC:Da Nang]], my order [[~ORDER_NUMBER:ORD-55120937]] is late",
    "[[P:Oluwaseun Adeyemi]] here, can you ring me on [[PH:0803 555 2194]] after 6?",
    "this is [[P:joy]] from accounts, ticket [[~TICKET_ID:INC0012345]] can be closed",
    "Who is [[P:Mary-Kate O'Donnell]]? she says she's on my account",
    "my login IP was [[IP:203.0.113.77]] when it failed, the server said [[~VERSION:v2.14.3]]",
    "tracking [[~TRACKING_NUMBER:1Z999AA10123456784]] hasn't moved since [[~DATE:2024-03-15]]",
    "can you update my address to [[ADDR:Flat 3, 27 Abbey Road, London NW8 9AY]]? thanks",
    "ich bin [[P:Jürgen Weiß]] und wohne jetzt [[ADDR:Hauptstraße 12, 10115 Berlin]]",
    "the account belongs to [[P:KOWALSKI Jan]], he is travelling",
    "[[P:Zhang Wei]] and [[P:Priya Raghunathan]] both need admin rights on workspace [[~SKU:WS-2291]]",
    "what's the status of [[~INVOICE_NUMBER:INV-2024-00123]]? paid [[~PRICE:€1,249.00]] on [[~DATE:12.03.2024]]",
    "my passport number [[ID/PASSPORT:K48291733]] was typed wrong on the booking",
    "card ends 1881, cvv [[CC/CVV:737]], expiry 09/27 – is that enough to verify?",
    "[[P:d'angelo russo]] is my name, not danny",
    "my NI number is [[ID/UK_NINO:QQ 12 34 56 C]] if you need it for the payslip",
    "reset link goes to [[EM:a.walker@example.co.uk]] but I only have [[EM:alice.w@example.org]] now",
    "hi its [[P:Ayşe Yılmaz]], my T.C. kimlik no [[ID/TR_TCKIMLIK:42028344568]] was rejected on the form",
    "we are at [[~VERSION:3.8.0]] and build [[~SERIAL_NUMBER:2291-7740-1183]] – nothing personal in the logs",
    "[[P:Kwame Mensah]] shared the doc [[URL:https://docs.example.com/d/1xY7-kwame-cv]] with me",
    "my name got mangled: it shows [[P:bj\u00f6rn\u0000\u00fe\u00f3rsson]] with a weird char",
    "is [[P:April]] working today? she promised a refund of [[~PRICE:£45.50]]",
    "firewall blocked me from [[IP:81.2.69.142]] and [[IP:2a02:c7f:7e3a:4d00::1]], my colleague [[P:Tariq]] is on [[IP:10.12.4.77]]",
    "card [[CC:3751 090522 00272]] (amex) was declined twice, order [[~ORDER_NUMBER:#771204]]",
    "my blog [[URL:https://janeblogs.example.net/about-jane-doe]] has my old photo, please remove [[P:Jane Doe]] from it",
    "please reach [[EM:m.okafor+billing@example.co.uk]] or [[EM:okafor.michael@example.ng]] for the refund",
    "[[P:Hope]] said the parcel [[~TRACKING_NUMBER:JJD014600006281234567]] went to the wrong depot",
)
