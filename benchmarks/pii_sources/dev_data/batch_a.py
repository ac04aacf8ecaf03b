"""Hand-written development messages, batch A (TUNED-ON: may be read and tuned on). Markup: see ``benchmarks/pii_sources/markup.py``."""

# One message per string, as written (long lines are the data, not code).
# ruff: noqa: E501

__all__ = ["BATCH_A"]

BATCH_A: tuple[tuple[str, str], ...] = (
    # --- chat -------------------------------------------------------------------------------
    (
        "chat",
        "hey, it's [[P:Chidi]] 👋 can you call me back on [[PH:+234 803 417 2290]]? laptop still refuses to update past [[~VERSION:4.2.0.117]]",
    ),
    (
        "chat",
        "ok so the card that keeps getting declined is [[CC:4532 0177 6385 1204]] exp 09/27 cvv [[CC/CVV:417]]\ncan you try it manually?",
    ),
    (
        "chat",
        "@[[P:mike]] can u send the deck to [[P:grace]] before 3? use her personal one, [[EM:grace.oyelaran@gmail.com]], work mail is bouncing",
    ),
    (
        "chat",
        "deploy of [[~VERSION:v2.14.3-rc1]] done ✅ [[~TICKET_ID:OPS-4471]] can be closed, rollback window ends [[~TIME:18:00 CET]]",
    ),
    (
        "chat",
        "[[P:NGUYEN Van An]] [[~TIME:10:42]]\nsorry for late reply, my new mobile is [[PH:0912 478 315]] (zalo same number)",
    ),
    (
        "chat",
        "typing it in two lines bc the app keeps cutting it off\n[[CC:4929 3815\n0647 7318]]\nname on card [[P:WILL HARTMANN]]",
    ),
    (
        "chat",
        "[[P:Summer]] says hi! she's moving to [[LOC:Bergen]] in june, new address is [[ADDR:Nygårdsgaten 91, 5008 Bergen]] if you want to send the card",
    ),
    (
        "chat",
        "pls ping [[P:Sato]]-san before lunch, his cell is [[PH:090-4127-3856]]. office line [[PH:+81 3-5412-7788]] only works until [[~TIME:17:30]]",
    ),
    (
        "chat",
        "[[P:Ji-woo Park]] here, vpn kicked me out again 😩 my ip shows as [[IP:118.235.14.207]], client [[~VERSION:5.1.9.2203]]. repro steps are on [[URL:github.com/jwpark-dev]] in the gist",
    ),
    (
        "chat",
        "hej [[P:Kasia]], paczka [[~TRACKING_NUMBER:JJD000390007834512]] już przyszła? jak coś dzwoń [[PH:+48 601 238 447]]",
    ),
    (
        "chat",
        '[[P:Omar Al-Rashid]] added [[P:Layla bint Khalid]] and [[P:Yusuf Demir]] to the group "[[LOC:Riyadh]] offsite 🏜️"',
    ),
    (
        "chat",
        "[[P:Siobhán O'Sullivan]]: grand so, I'll drop the forms into [[ADDR:22 Griffith Avenue, Drumcondra, Dublin 9, D09 X2K6]] on my way home. ring me on [[PH:087 214 6635]] if you're out",
    ),
    (
        "chat",
        "anyone know if the [[~SKU:WH-1000XM5-BLK]] restock landed? order [[~ORDER_NUMBER:112-4829301-7730215]] still says pending and it was [[~PRICE:£279.00]] 🙃",
    ),
    (
        "chat",
        "[[P:Joy]] and [[P:Bill]] can't make it tmrw, [[P:Hope]] will cover the [[~TIME:9am]] standup. [[P:Mark]] said fine as long as the bill for the venue is paid by [[~DATE:Friday]]",
    ),
    (
        "chat/fr",
        "coucou [[P:Amélie]] ! tu peux rappeler [[P:Jean-Baptiste]] au [[PH:06 12 48 73 95]] ? il attend le devis [[~INVOICE_NUMBER:D-2025-0412]] depuis lundi",
    ),
    (
        "chat/fr",
        "salut, c'est [[P:Yannick Le Goff]], voilà ma carte pour la résa : [[CC:3530 1148 2279 0657]] exp 11/26, cryptogramme [[CC/CVV:306]]. merci !",
    ),
    # --- support_email ----------------------------------------------------------------------
    (
        "support_email",
        "Subject: Charged twice for order [[~ORDER_NUMBER:#A-20931874]]\n\nHello, I was charged twice ([[~PRICE:$349.99]] each) on my Mastercard [[CC:5368-4120-9957-3026]]. Please refund one of them.\n\nRegards,\n[[P:Tereza Nováková]]\ntel. [[PH:+420 603 418 227]]",
    ),
    (
        "support_email",
        "From: [[P:Joost de Vries]] <[[EM:joost.devries@ziggo.nl]]>\nTo: helpdesk\n\nModem [[~SERIAL_NUMBER:SN 8A41-22F0-93C7]] drops every evening around [[~TIME:21:00]]. My public IP is [[IP:84.27.193.60]].\nYou can call me on [[PH:+31 6 2847 1930]].",
    ),
    (
        "support_email",
        "Hi team,\nplease update the card on file for my subscription to my Amex [[CC:3782 910645 21189]], security code [[CC/CVV:8821]]. The old card ending in 4242 has expired.\nThanks,\n[[P:Rajesh Iyer]]",
    ),
    (
        "support_email",
        "Hello,\nafter upgrading to [[~VERSION:10.4.2.1]] the export button is greyed out. Ticket [[~TICKET_ID:INC0048213]] was closed without a fix, and invoice [[~INVOICE_NUMBER:INV-2025-00871]] for the licence ([[~PRICE:€1.249,00]]) is already paid.\nPlease reopen.",
    ),
    (
        "support_email",
        "Olá, meu CPF é [[ID/BR_CPF:528.136.940-70]] e o endereço de entrega é [[ADDR:Rua Augusta, 1508, apto 72, Consolação, São Paulo - SP, 01304-001]]. Pedido [[~ORDER_NUMBER:BR-5529013]] ainda não chegou.\nAtt,\n[[P:Beatriz Gonçalves]]",
    ),
    (
        "support_email",
        "Re: W-9 upload failed\n\nI tried three times. SSN is [[ID/US_SSN:412-58-3307]], name exactly as on the card: [[P:Darnell J. Whitaker]]. Please mail the 1099 to [[ADDR:1200 Harbor Blvd, Suite 410, Oxnard, CA 93035]] instead of my old address.",
    ),
    (
        "support_email",
        "Dear support,\nplease refund the deposit to [[IBAN:NL53 INGB 0007 5612 83]] t.n.v. [[P:S. van der Berg]].\nReference: [[~INVOICE_NUMBER:F-2024-11873]]",
    ),
    (
        "support_email",
        "Hi,\nThe replacement strap ([[~SKU:SKU 4410-BLK-XL]]) should go to:\n\n[[ADDR/MULTILINE:Flat 3\n27 Ashgrove Road\nLeeds\nLS6 2DP]]\n\nCheers,\n[[P:Rose]]",
    ),
    (
        "support_email",
        "Dear Sir/Madam,\n\nI am [[P:ZHANG Wei]] (login [[EM:zhangwei1987@163.com]]). For verification my passport no. is [[ID/PASSPORT:E48291736]]. The reset SMS never arrives at [[PH:+86 138 1047 2295]].\n\nBest,\n[[P:Wei]]",
    ),
    (
        "support_email",
        "Hello, this is [[P:Eleni Papadopoulou]]. Tracking [[~TRACKING_NUMBER:1Z4F82W50398217745]] shows delivered on [[~DATE:12 March]] but nothing arrived at [[ADDR:Ermou 56, 105 63 Athens]].\nMobile: [[PH:+30 694 418 2736]]",
    ),
    (
        "support_email",
        "Tisztelt Ügyfélszolgálat!\n\nA [[~ORDER_NUMBER:HU-77420]] rendelésem számláját kérem erre a címre: [[ADDR:Váci út 47/B, 1134 Budapest]].\n\nÜdvözlettel:\n[[P:Kovács Zsófia]]\n[[PH:+36 30 418 2736]]",
    ),
    (
        "support_email",
        "Attaching the log line:\n[[~DATE:2025-03-14T09:12:55Z]] login failed user=[[EM:p.venkataraman@outlook.com]] src=[[IP:2a02:8108:1c40:5a1e::3f]]\nThat's me on hotel wifi, not an attacker. Please unlock.\n– [[P:Priya]]",
    ),
    (
        "support_email",
        "Your return label for RMA [[~TICKET_ID:RMA-662190]] is attached. Drop the parcel at any post office before [[~DATE:30 April 2025]]; the refund of [[~PRICE:USD 89.50]] is issued within 5 business days.",
    ),
    (
        "support_email",
        "Hi, my colleague [[P:Mehmet Yılmaz]] ([[EM:mehmet.yilmaz@anadolutekstil.com.tr]]) asked me to forward this. He can't log in from [[LOC:Istanbul]] since Monday; his number is [[PH:+90 532 418 27 63]].\n— [[P:Elif]]",
    ),
    (
        "support_email/fr",
        "Bonjour,\nSuite à l'annulation de ma commande [[~ORDER_NUMBER:FR-448210]], merci de rembourser sur mon compte [[IBAN:FR76 1027 8060 4100 0215 9330 822]].\nCordialement,\n[[P:Hélène Marchetti]]\n[[PH:04.78.62.15.93]]",
    ),
    (
        "support_email/fr",
        "Madame, Monsieur,\nJe n'arrive plus à me connecter depuis la mise à jour [[~VERSION:3.8.1]]. Mon identifiant est [[EM:mathieu.girard@laposte.net]] ; vous pouvez me joindre au [[PH:+33 (0)6 71 24 58 03]] ou m'écrire au [[ADDR:Bât. B, 4 allée des Tilleuls, 69008 Lyon]].\nBien à vous,\n[[P:M. Girard]]",
    ),
    # --- hr ---------------------------------------------------------------------------------
    (
        "hr",
        "new_hire: name=[[P:Katarzyna Wiśniewska]]; dob=[[DT:1985-07-23]]; pesel=[[ID/PL_PESEL:85072314864]]; iban=[[IBAN:PL23 1140 2004 0000 4282 1309 7516]]; start=[[DT:2025-05-02]]",
    ),
    (
        "hr",
        "Hi [[P:Oksana]],\nCould you update my bank details before the [[~DATE:25th]] payroll run: [[IBAN:GB58 HBUK 4011 2761 8340 92]]. NI number is [[ID/UK_NINO:JT 48 27 93 C]] if you need it.\nThanks,\n[[P:Callum Fraser]]",
    ),
    (
        "hr",
        'name,email,mobile,city\n"[[P:Okafor, Chidi]]",[[EM:chidi.okafor@gmail.com]],[[PH:0809 552 1184]],[[LOC:Abuja]]\n"[[P:Nwosu, Adaeze]]",[[EM:adaeze.n@yahoo.com]],[[PH:+234 706 318 4452]],[[LOC:Enugu]]',
    ),
    (
        "hr",
        "Sehr geehrte Frau [[P:Schröder]],\nanbei meine Steuer-ID [[ID/DE_IDNR:81 649 302 711]] und meine neue Anschrift: [[ADDR:Lindenstraße 12, 10969 Berlin]], Tel. [[PH:+49 (0)30 2847 1193]].\nMit freundlichen Grüßen\n[[P:Jürgen Müller]]",
    ),
    (
        "hr",
        "Dear HR,\nPFA my Aadhaar ([[ID/IN_AADHAAR:4918 7362 0550]]) for onboarding. Permanent address: [[ADDR:Flat 402, Sai Krupa Apartments, 3rd Cross, Indiranagar, Bengaluru 560038]].\nRegards,\n[[P:Sunita Raghavan]]\n[[PH:+91 98450 12763]]",
    ),
    (
        "hr",
        "[[P:Marc-André Tremblay]] - SIN [[ID/CA_SIN:527 194 062]], direct deposit form attached. Mailing address [[ADDR:2210 W 4th Ave, Unit 305, Vancouver, BC V6K 1N8]]. Cell [[PH:(604) 873-2914]].",
    ),
    (
        "hr",
        "G'day [[P:Bronwyn]], here's my TFN for the payroll form: [[ID/AU_TFN:459 173 827]]. Postal is [[ADDR:PO Box 4471, Fremantle WA 6959]] while I'm between flats, mobile [[PH:0412 483 927]].\nCheers, [[P:Tama Ngata]]",
    ),
    (
        "hr",
        "Benefits enrollment for [[P:Grace Oduya]]: SSN [[ID/US_SSN:529-71-0846]], DOB [[DT:03/14/1990]]. Adding dependent [[P:Ethan Oduya]] (DOB [[DT:06/02/2019]]) to plan [[~SKU:PPO-GOLD-2025]].",
    ),
    (
        "hr",
        "Beste [[P:Sanne]],\nMijn BSN is [[ID/NL_BSN:284619371]] en mijn rekeningnummer [[IBAN:NL60 RABO 0342 8719 56]]. Adres: [[ADDR:Vinkenstraat 41, 3521 CK Utrecht]].\nGroet,\n[[P:Daan Visser]]",
    ),
    (
        "hr",
        "Hola [[P:María José]], te paso mis datos para la nómina: DNI [[ID/ES_DNI:48273916K]], IBAN [[IBAN:ES39 0049 1500 0027 1018 3925]], domicilio [[ADDR:Calle de Alcalá 214, 3º B, 28028 Madrid]], móvil [[PH:+34 612 48 73 90]].\nUn saludo,\n[[P:Javier Ruiz de la Fuente]]",
    ),
    (
        "hr",
        "Reminder: open enrolment closes on [[~DATE:15 November]]. Policy doc [[~VERSION:v3.2]] is on the intranet; questions go to the [[~TICKET_ID:HR-2291]] queue, not to individual inboxes.",
    ),
    (
        "hr",
        "Interview panel for [[P:Aisha Bello]] on [[~DATE:Thursday]]: [[P:Lars Eriksson]], [[P:Ingrid Solberg]] and [[P:Tomás Ó Briain]]. [[P:Lars]] is remote, dial [[PH:070-482 17 36]]. Candidate profile: [[URL:https://www.linkedin.com/in/aisha-bello-4b21a7]]",
    ),
    (
        "hr",
        "Hallo [[P:Anneliese]], bitte überweise die Reisekosten ([[~PRICE:412,80 €]]) auf [[IBAN:DE27 1203 0000 1018 4622 05]]. Die Firmenkarte [[CC:2223004816275902]] wurde in [[LOC:München]] abgelehnt, deshalb privat bezahlt. Danke! [[P:Niklas]] ([[PH:0151 2384 7702]])",
    ),
    (
        "hr",
        '{"employee": "[[P:Vikram Nair]]", "passport": "[[ID/PASSPORT:Z4827193]]", "emergency_contact": {"name": "[[P:Lakshmi Nair]]", "relation": "spouse", "phone": "[[PH:+91 80 4127 5590]]"}}',
    ),
    (
        "hr/fr",
        "Bonjour [[P:Nathalie]],\nVoici mon numéro de sécu pour la mutuelle : [[ID/FR_NIR:2 87 05 92 135 048 96]] et mon RIB : [[IBAN:FR76 3000 4028 3700 0106 4821 753]].\nBonne journée,\n[[P:Claire Benali]]",
    ),
    (
        "hr/fr",
        "Objet : arrêt maladie\n\nMerci de noter que [[P:Karim Haddad]] (né le [[DT:12/09/1979]]) est en arrêt jusqu'au [[DT:14 mars]] inclus. Joignable uniquement par mail : [[EM:karim.haddad@free.fr]].\n[[P:Sophie Lambert]], RH",
    ),
    # --- care -------------------------------------------------------------------------------
    (
        "care",
        "Referral: [[P:Margaret Okonkwo]], DOB [[DT:12/04/1948]], NHS No [[ID/UK_NHS:485 721 3966]]. Lives alone at [[ADDR:14 Heathfield Close, Sheffield S10 3QT]]. Daughter [[P:Ngozi]] is NOK, [[PH:07842 316905]].",
    ),
    (
        "care",
        "hi its [[P:joy]], room 12's daughter – mum ([[P:Dorothy Pearce]]) keeps asking for her reading glasses, can someone ring me on [[PH:0113 245 8810]]? ta",
    ),
    (
        "care",
        "Dear Mr [[P:Tanaka]],\nThis is a reminder of your appointment with Dr [[P:Ferreira]] on [[DT:Tuesday 8 April at 10:30]]. Reply C to confirm or R to rebook.",
    ),
    (
        "care",
        "Handover [[~TIME:07:00]]\nbed 4 – [[P:HADDAD, Youssef]], 67y, post-op day 2, obs stable\nbed 6 – [[P:Wong Mei Ling]], son [[P:Kenneth]] visiting at [[~TIME:2pm]], needs interpreter (Cantonese)",
    ),
    (
        "care",
        "Rx refill request – [[P:Hope Delgado]], DOB [[DT:1979-11-30]]. Atorvastatin 20 mg x 90, deliver to [[ADDR:418 Maple Ave, Apt 3B, Evanston, IL 60201]] and charge the copay to [[CC:4147-2095-8836-1074]].",
    ),
    (
        "care",
        "Reminder to all staff: the flu clinic runs [[~DATE:14–18 October]], [[~TIME:08:30]]–[[~TIME:12:00]] in the outpatients hall. Order stock under code [[~SKU:VAX-QIV-2025]] only.",
    ),
    (
        "care",
        "Interpreter needed (Korean) for [[P:Kim Seo-yeon]], appt [[DT:2 May 09:15]]. Her son [[P:Min-jun]] can be reached on [[PH:010-4827-3391]] (KST, so mornings only).",
    ),
    (
        "care",
        "Visit log: carer [[P:Jiří Dvořák]] attended Mrs [[P:Eileen Fitzgerald]] at [[ADDR:Apt 5, 31 Marine Parade, Brighton BN2 1TL]]. Meds given, keysafe code passed on by phone.",
    ),
    (
        "care",
        "Hi, I'd like to pay the outstanding [[~PRICE:€180]] for my son's physio (invoice [[~INVOICE_NUMBER:2025/0317]]). Card [[CC:5457 6201 1839 4289]], CVC [[CC/CVV:552]].\nThanks,\n[[P:Aoife Brennan]]",
    ),
    (
        "care",
        "Reembolso da consulta para [[P:João Pereira]]: [[IBAN:PT50 0033 0000 4528 3917 6058 8]]. Telemóvel [[PH:+351 912 384 756]], se precisarem de confirmar.",
    ),
    (
        "care",
        "hi, [[P:Yusuf]] here. can i move my dental cleaning from [[DT:friday]] to next week? whatsapp me on [[PH:+971 50 418 2736]]",
    ),
    (
        "care",
        "Patient [[P:Agnieszka Zielińska]], PESEL [[ID/PL_PESEL:92031178522]], EHIC on file. Travelling back to [[LOC:Kraków]] on [[DT:20 June]], wants a copy of her scan results.",
    ),
    (
        "care",
        "Discharge summary\nName: [[P:AL-MANSOURI, Khalid]]\nDOB: [[DT:05 Jan 1957]]\nDischarged to daughter's home:\n[[ADDR/MULTILINE:9 Orchard Way\nHemel Hempstead\nHP2 5AB]]",
    ),
    (
        "care",
        "Insurance verification: subscriber [[P:Faith Kowalczyk]], SSN on file ending 7719, member phone [[PH:312.847.2291]]. Claim [[~TICKET_ID:CLM-0039921]] pending since [[~DATE:Feb 3]].",
    ),
    (
        "care/fr",
        "Bonjour Docteur [[P:Lefèvre]],\nJe vous adresse Mme [[P:Chantal Rousseau]], née le [[DT:17/02/1951]], n° de sécurité sociale [[ID/FR_NIR:2 51 02 33 063 217 61]], pour un bilan cardiologique.\nConfraternellement,\nDr [[P:A. Mbengue-Koné]]",
    ),
    (
        "care/fr",
        "Message pour l'infirmière : mon père [[P:Bernard Lemoine]] a rendez-vous le [[DT:jeudi 10 avril à 14h30]] au cabinet mais il ne pourra pas venir. Merci de me rappeler au [[PH:06 45 19 82 37]].\n[[P:Isabelle]]",
    ),
    # --- sales_crm --------------------------------------------------------------------------
    (
        "sales_crm",
        "Call w/ [[P:Rahul Mehta]] (procurement): wants 200 seats of [[~SKU:DG-ENT-200]] at [[~PRICE:$18/seat]]. Follow up [[~DATE:next Tuesday]]. Direct [[PH:+91 22 6184 3307]], booking link [[URL:https://calendly.com/rahul-mehta-procure/30min]]",
    ),
    (
        "sales_crm",
        "Contact card\nDr. [[P:Hiroshi Yamamoto]], Head of IT\n[[EM:yamamoto.h@kansai-seiki.co.jp]]\n[[PH:+81 78-391-4420]]\n[[ADDR:3-14-2 Sannomiya-cho, Chuo-ku, Kobe 650-0021]]",
    ),
    (
        "sales_crm",
        "Closed-won: [[P:Summer Okoye]] paid the annual plan ([[~PRICE:£4,800]]) by Visa [[CC:4716032900185562]]; invoice [[~INVOICE_NUMBER:INV-UK-20417]] sent to [[EM:summer@okoyedesign.co.uk]].",
    ),
    (
        "sales_crm",
        "lead_source=webinar|first=[[P:Bence]]|last=[[P:Tóth]]|email=[[EM:bence.toth@gmail.com]]|phone=[[PH:+36 1 457 2290]]|country=[[LOC:Hungary]]|score=72",
    ),
    (
        "sales_crm",
        "Nota: la cliente [[P:Giulia Bianchi]] (CF [[ID/IT_CF:BNCGLI88M52F205K]]) chiede la fattura intestata a lei e il rimborso su [[IBAN:IT89 N030 6911 2040 0000 0472 195]]. Cell. [[PH:347 218 4496]].",
    ),
    (
        "sales_crm",
        "Q3 pipeline: 42 opps, weighted [[~PRICE:$1.2M]]. Top SKU [[~SKU:DG-PRO-50]]; churn risk flagged on renewals due [[~DATE:30/09]]. Dashboard build [[~VERSION:2025.06.1]].",
    ),
    (
        "sales_crm",
        "Phone order taken by [[P:Tomasz]]: customer [[P:Lindiwe Dlamini]], card [[CC:6011 5483 7201 9465]] exp 08/28, ship to [[ADDR:45 Jan Smuts Ave, Rosebank, Johannesburg 2196]], mobile [[PH:+27 82 418 2736]].",
    ),
    (
        "sales_crm",
        "Proposta aprovada para [[P:Luiz Fernando Albuquerque]] – CPF [[ID/BR_CPF:31749862573]] – WhatsApp [[PH:(21) 99834-1270]]. Boleto vence [[~DATE:15/07]].",
    ),
    (
        "sales_crm",
        "Payment received from [[P:Pieter Vermeulen]] ([[IBAN:BE78 3101 8234 0686]]), ref [[~INVOICE_NUMBER:F2025-0093]], amount [[~PRICE:€ 2.150,00]]. Marked paid in the CRM.",
    ),
    (
        "sales_crm",
        "Note from [[P:Wouter van der Linden]]: customer wants to pay by Amex [[CC:347120563988201]], CID [[CC/CVV:7734]], for order [[~ORDER_NUMBER:SO-88412]]. Do NOT store the CID.",
    ),
    (
        "sales_crm",
        "met [[P:fatima zahra el amrani]] at the [[LOC:Casablanca]] expo, very keen on the pilot. profile [[URL:linkedin.com/in/fatimazahra-elamrani]], mob [[PH:+212 661-418273]]",
    ),
    (
        "sales_crm",
        "Spoke to [[P:Dana Whitfield]] at [[PH:(617) 482-7710 ext. 214]]; she will loop in [[P:Will]] from finance before the renewal on [[~DATE:June 1]].",
    ),
    (
        "sales_crm",
        "From: [[P:Hamad bin Saeed Al Naqbi]] <[[EM:hamad.alnaqbi@gulfmarine.ae]]>\nCc: [[P:Ravi Subramaniam]]\n\nPlease courier the signed contract to [[ADDR:P.O. Box 88214, Dubai]]. [[P:Ravi]]'s line: [[PH:+971 4 338 2290 x12]]",
    ),
    (
        "sales_crm",
        "Distributor contact: [[P:Tran Thi Mai]], [[EM:mai.tran@saigonlogistics.vn]], [[PH:+84 28 3822 4517]]. Sample order [[~ORDER_NUMBER:SO-2025-1187]] went out via DHL [[~TRACKING_NUMBER:4829137650]].",
    ),
    (
        "sales_crm/fr",
        "RDV avec Mme [[P:Sylvie Carpentier]] le [[~DATE:12/06]] à [[~TIME:10h]]. Tél. [[PH:+33 1 42 68 53 10]], livraison au [[ADDR:12 rue des Tanneurs, 67000 Strasbourg]]. Devis [[~INVOICE_NUMBER:DV-7781]] à [[~PRICE:3 490 € HT]].",
    ),
    (
        "sales_crm/fr",
        "Client [[P:Lucas Favre]] ([[LOC:Genève]]) : portable [[PH:+41 79 418 27 36]], courriel [[EM:lucas.favre@bluewin.ch]]. Veut une démo de la version [[~VERSION:4.0]] avant fin juin.",
    ),
)
