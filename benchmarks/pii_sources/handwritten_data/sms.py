"""Hand-written SMS and messenger texts. Markup: see ``markup.py``."""

# One message per line, as written (long lines are the data, not code).
# ruff: noqa: E501

__all__ = ["SMS"]

SMS: tuple[str, ...] = (
    "Hi its [[P:summer]], running late, call [[PH:07700 900461]] if the courier comes",
    "[[P:Tom]] pls transfer the rent to [[IBAN:GB39 OZXG 1802 0346 0112 03]] by friday",
    "New number! [[PH:+44 (0)7911 123456]] - [[P:Bea]]",
    "ur code is [[~ORDER_NUMBER:482913]], do not share it. Order [[~ORDER_NUMBER:A-77120]] ships today",
    "Parcel [[~TRACKING_NUMBER:RR123456785GB]] arrives [[~DATE:Tue 14 May]] between [[~TIME:10:00]] and [[~TIME:14:00]]",
    "mum's new address: [[ADDR:14 Chapel Lane\nLeeds\nLS6 3BW]]",
    "can u text [[P:earl]] on [[PH:(415) 555-0142]] he has the keys",
    "Reminder: Dr [[P:Anjali Rao]] at [[~TIME:9:30am]], bring your Aadhaar [[ID/IN_AADHAAR:8892 7381 6568]]",
    "[[P:Lukas]] meine neue Nummer: [[PH:0151 23456789]]",
    "Appelle Mme [[P:Lefèvre]] au [[PH:06 12 34 56 78]] stp, c'est pour la clé",
    "Estou em [[ADDR:Rua Augusta, 1234 - apto 56, São Paulo - SP, 01305-100]], pode vir",
    "ok sending [[~PRICE:R$ 150,00]] via pix to [[EM:carla.souza@example.com.br]]",
    "yo [[P:chidi]] my new number is [[PH:+234 803 555 2194]]",
    "Your OTP is [[~ORDER_NUMBER:559203]]. Version [[~VERSION:12.4.1]] of the app is required",
    "pick me up at [[ADDR:Shop 4, 18 George St, Sydney NSW 2000]] pls",
    "[[P:Mia]] here, bank said IBAN [[IBAN:DE17 1111 1045 5276 9062 73]] is right, try again",
    "dads SIN is [[ID/CA_SIN:456 665 819]] for the tax thing, dont lose it",
    "Hi [[P:Hiroshi]]! Address for the wedding card: [[ADDR:3-16-13 Sakae, Naka-ku, Nagoya 460-0008]]",
    "[[P:Ngozi]] call me back [[PH:+27 82 555 0134]] urgent",
    "delivery code [[~ORDER_NUMBER:7731]] for locker [[~SKU:PL-0412]], collect by [[~DATE:15/05/2024]]",
    "Tu peux envoyer le chèque à [[ADDR:12 rue des Lilas, 69003 Lyon]] ? Bisous [[P:Camille]]",
    "its [[P:Rusty]], my email is [[EM:rusty.baker@example.com]] not the gmail one",
    "pin for the door is [[~ORDER_NUMBER:4492]], wifi pw on the fridge. [[P:Sam]]",
    "Swish till [[PH:070-123 45 67]] tack! /[[P:Åsa]]",
    "ring [[P:Pieter van der Merwe]] at [[PH:021 555 0199]] about the plot",
    "Meet at [[ADDR:Keizersgracht 123, 1015 CJ Amsterdam]] 8pm",
    "got ur msg. card [[CC:5116 3247 7500 0510]] blocked, new one in 5 days",
    "router admin at [[IP:192.168.1.254]] shows [[IP:86.145.22.19]] as WAN ip, fw [[~VERSION:7.2.1.3]]",
    "pay with [[CC:6011 2386 6654 1792]] exp 04/27 cvv [[CC/CVV:881]] thx [[P:Dee]]",
    "my insta is [[URL:https://www.instagram.com/luna.marquez.92]] - [[P:Luna]]",
    "Mi dirección nueva: [[ADDR:Calle de Alcalá 45, 3º B, 28014 Madrid]]",
)
