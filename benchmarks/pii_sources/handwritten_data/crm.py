"""Hand-written CRM export lines (CSV and JSON-ish). Markup: see ``markup.py``."""

# One message per line, as written (long lines are the data, not code).
# ruff: noqa: E501

__all__ = ["CRM"]

CRM: tuple[str, ...] = (
    "id,name,email,phone,city\n[[~ORDER_NUMBER:10442]],[[P:Alice Walker]],[[EM:alice.walker@example.com]],[[PH:+1 206 555 0100]],[[LOC:Seattle]]",
    '{"customer_id": "[[~ORDER_NUMBER:C-77120]]", "name": "[[P:Jürgen Weiß]]", "iban": "[[IBAN:DE17 1111 1045 5276 9062 73]]"}',
    '{"contact": {"first": "[[P:Priya]]", "last": "[[P:Raghunathan]]", "mobile": "[[PH:+91 98765 43210]]"}}',
    "[[P:Summer Brown]];[[EM:summer.b@example.net]];[[~DATE:2023-11-02]];[[~PRICE:149.00]];active",
    "lead | [[P:Mark Price]] | Procurement | [[PH:020 7946 0321]] | source: webinar [[~DATE:05/03/2024]]",
    "name=[[P:Chiamaka Okonkwo]]&email=[[EM:chiamaka.okonkwo@example.ng]]&plan=pro&sku=[[~SKU:PRO-12M-EUR]]",
    '[[~ORDER_NUMBER:20931]],"[[P:O\'Donnell, Mary-Kate]]","[[ADDR:Unit 5, 12 Harbour Road, Howth, Co. Dublin D13 E2K4]]"',
    '{"event":"signup","ip":"[[IP:198.51.100.23]]","ua":"Mozilla/5.0","app":"[[~VERSION:5.12.0.2204]]"}',
    "customer: [[P:Zhang Wei]] / tel [[PH:+86 138 0013 8000]] / wechat only / VIP since [[~DATE:2019]]",
    "[[P:Nguyễn Thị Lan]],[[EM:lan.nguyen@example.vn]],[[LOC:Vietnam]],[[~PRICE:USD 2,400]]",
    '{"billing": {"holder": "[[P:Carlos Eduardo da Silva]]", "card": "[[CC:5507 5673 7598 1573]]", "cvv": "[[CC/CVV:412]]"}}',
    "account_owner: [[P:björn þórsson]]\nlast_login_ip: [[IP:2001:db8:85a3::8a2e:370:7334]]\nplan: team",
    "[[P:Tanaka Hiroshi]]\t[[EM:h.tanaka@example.jp]]\t[[PH:03-1234-5678]]\t[[ADDR:1-2-3 Umeda, Kita-ku, Osaka 530-0001]]",
    "duplicate? [[P:Anne-Sophie Lefèvre-Durand]] vs [[P:A. Lefevre]] (same email [[EM:as.lefevre@example.fr]])",
    "SKU,qty,price\n[[~SKU:4471-BLK-XL]],2,[[~PRICE:39.90]]\n[[~SKU:TS-8812-WHT-M]],1,[[~PRICE:19.95]]",
    "contact_email: [[EM/BASE64:ZXZlLm1hcnRpbkBleGFtcGxlLmNvbQ==]] (base64, from the legacy export)",
    "[[~ORDER_NUMBER:88213]]|[[P:Kwame Mensah]]|[[ADDR:P.O. Box 1234, Accra]]|[[PH:+233 24 555 0199]]",
    '{"payer": "[[EM/BASE64:ai5va2Fmb3JAZXhhbXBsZS5vcmc=]]", "amount": "[[~PRICE:250.00]]", "ref": "[[~INVOICE_NUMBER:RE20240412]]"}',
    "rep notes: spoke w/ [[P:joy]] at reception, decision maker is [[P:Guy Fontaine]]",
    "[[P:Lachlan O'Brien]],[[ADDR:Level 12, 1 Collins St, Melbourne VIC 3000]],[[PH:0412 345 678]],tier2",
    "name\temail\n[[P:Giulia Esposito]]\t[[EM:giulia.esposito@example.it]]",
    "export [[~DATE:2024-06-01]] v[[~VERSION:1.9.4]]: 1,204 rows, 0 errors, checksum [[~SERIAL_NUMBER:9f2c4e1a]]",
    "[[P:Müller, Anna]];[[ADDR:Schillerstraße 27a, 60313 Frankfurt am Main]];[[PH:069 123456-78]]",
    '{"name": "[[P:Oluwaseun\u0000Adeyemi]]", "phone": "[[PH:+234 803 555 2194]]"}',
    "[[P:Lotte Peeters]] – [[ADDR:Meir 50, 2000 Antwerpen]] – [[IBAN:BE59 1262 4597 7926]]",
    "ticket_owner=[[P:hannah schultz]] priority=high sla=[[~TIME:4h]] ref=[[~TICKET_ID:INC0093321]]",
    "[[P:Ayşe Yılmaz]] | [[ADDR:Bağdat Cad. No: 112 D: 5, 34728 Kadıköy/İstanbul]] | [[PH:+90 532 555 01 23]]",
    "VIP list: [[P:D'Angelo Russo]], [[P:Zoë Van Damme]], [[P:Siobhán Ní Bhriain]]",
    "[[P:Martín Fernández]], CUIT [[ID/AR_CUIT:20-27668254-8]], [[EM:martin.fernandez@example.com.ar]]",
    "record 55: name='[[P:Emily Chen]]' card='[[CC:4777\u00a08463\u00a00681\u00a05373]]' exp='11/26'",
    "session_log: user=[[EM:k.watanabe@example.jp]] src=[[IP:133.242.0.9]] dst=[[IP:10.0.0.1]] port=443 build=[[~VERSION:2.18.0.301]]",
    "linkedin: [[URL:https://www.linkedin.com/in/oluwaseun-adeyemi-4a21]] ; twitter: [[URL:https://x.com/chidi_okeke]]",
    "[[P:Ingrid Solberg]],[[ADDR:Storgata 12, 0155 Oslo]],[[IBAN:NO37 7064 8450 336]]",
)
