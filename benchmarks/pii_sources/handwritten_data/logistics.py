"""Hand-written logistics messages (dispatch, delivery, customs). Markup: see ``markup.py``."""

# One message per line, as written (long lines are the data, not code).
# ruff: noqa: E501

__all__ = ["LOGISTICS"]

LOGISTICS: tuple[str, ...] = (
    "Consignee: [[P:Rose Hill]]\n[[ADDR:Apt 4B, 350 Fifth Avenue\nNew York, NY 10118]]\nAWB [[~TRACKING_NUMBER:176-12345675]]",
    "Deliver to [[ADDR:Hauptstraße 12, 10115 Berlin]], Hinterhaus 2. OG, bei [[P:Schmidt]] klingeln.",
    "Return label for order [[~ORDER_NUMBER:ORD-2024-118734]]: [[ADDR:Unit 7, Trident Business Park, Leeds LS11 5AB]]",
    "Driver note: customer [[P:will smith]] not home, parcel left with neighbour at no. 14.",
    "Pallet [[~SERIAL_NUMBER:PAL-00931]] (SKU [[~SKU:4471-BLK-XL]] x 40) delayed at customs, value [[~PRICE:€3,980.00]].",
    "Customs form: sender [[P:Zhang Wei]], [[ADDR:Room 1203, 88 Century Avenue, Pudong, Shanghai 200120]], receiver [[P:Emily Chen]]",
    "Ship to:\n[[P:Ngozi Eze]]\n[[ADDR:45 Allen Avenue\nIkeja, Lagos 100271]]\n[[PH:+234 802 555 0111]]",
    "Redelivery booked for [[~DATE:Fri 17 May]], slot [[~TIME:08:00-12:00]], tracking [[~TRACKING_NUMBER:9400 1000 0000 0000 0000 00]]",
    "Adresse de livraison : [[ADDR:12 rue Victor Hugo, 75011 Paris]], code porte [[~ORDER_NUMBER:A1903]], 3e étage.",
    "Please collect from [[ADDR:Keizersgracht 123\n1015 CJ Amsterdam]] before [[~TIME:17:00]]",
    "Proof of delivery signed by [[P:J. Okafor]] at [[~TIME:13:42]] on [[~DATE:2024-05-21]].",
    "Van [[~SERIAL_NUMBER:VN-22]] route: depot -> [[ADDR:221 Baker St, London NW1 6XE]] -> [[ADDR:10 Downing Ln, Oxford OX1 2JD]]",
    "Entrega em [[ADDR:Av. Paulista, 1578 - Bela Vista, São Paulo - SP, 01310-200]], falar com Dona [[P:Maria]].",
    "Customer [[P:Priya Raghunathan]] wants delivery to [[ADDR:Flat 704, Sai Residency, 59 Brigade Road, Bengaluru - 560025]]",
    "Parcel [[~TRACKING_NUMBER:CZ987654321NL]] weight [[~MEASURE:2.4 kg]], dims [[~MEASURE:40x30x20 cm]]",
    "Sendung an [[P:Luzia Brun]], [[ADDR:Bachmannstrasse 73, 8004 Zürich]], Tel. [[PH:+41 44 337 40 68]]",
    "Dock 3 opens at [[~TIME:06:00]]; trucks [[~SERIAL_NUMBER:WX-48-KL]] and [[~SERIAL_NUMBER:WX-51-KL]] first.",
    "Send the sample to [[P:Hemi Walker]], [[ADDR:45 Cuba Street, Te Aro, Wellington 6011]]",
    "Pickup: [[ADDR:PO Box 1120, Halifax NS B3J 2X1]]? Courier can't deliver to a P.O. box, please give a street address.",
    "Dirección: [[ADDR:Av. Corrientes 1234, piso 5, C1043AAZ Buenos Aires]], timbre 5B, a nombre de [[P:Martín Fernández]]",
    "Label reprint: [[P:Tanaka Yui]] / [[ADDR:4-27-18 Shibuya, Shibuya-ku, Tokyo 150-0002]] / [[PH:+81 90-1234-5678]]",
    "Invoice [[~INVOICE_NUMBER:F24/004512]] total [[~PRICE:1.299,00 EUR]] incl. shipping to [[ADDR:ul. Marszałkowska 84/92 m. 12, 00-514 Warszawa]]",
    "Firmware of scanner [[~SERIAL_NUMBER:SN C02XK1JHJG5J]] updated to [[~VERSION:4.2.0.117]]; no issues.",
    "Deliver c/o [[P:Lotte Peeters]], [[ADDR:Meir 50\n2000 Antwerpen\nBelgium]]",
    "Collect returns from [[ADDR:Shop 4, 18 George St, Sydney NSW 2000]] and [[ADDR:Suite 210, 1200 Granville St, Vancouver, BC V6Z 1M6]]",
    "[[P:Kwame]] says the address is [[ADDR:Plot 12, Spintex Road, Accra]] and the gate is blue",
    "Shipment [[~TRACKING_NUMBER:1Z999AA10123456784]] split: 2 of 3 boxes delivered, [[~SKU:BX-3]] missing.",
    "Rechnungsadresse: [[ADDR:Mariahilfer Straße 120/3/14, 1070 Wien]], z. Hd. Dr. [[P:Ernst Huber]]",
    "Driver [[P:Guy]] reports: [[ADDR:Via Roma 10, 00184 Roma RM]] has no lift; 4th floor.",
    "Stock count [[~DATE:30/06]]: 1,204 units of [[~SKU:TS-8812-WHT-M]], 77 of [[~SKU:TS-8812-BLK-L]].",
    "Ticket from DE: customer quotes her old address «[[ADDR:5 place Bellecour, 69002 Lyon]]» but lives in [[LOC:Munich]] now.",
)
