"""Hand-written development messages, batch B (TUNED-ON: may be read and tuned on). Markup: see ``benchmarks/pii_sources/markup.py``."""

# One message per string, as written (long lines are the data, not code).
# ruff: noqa: E501

__all__ = ["BATCH_B"]

BATCH_B: tuple[tuple[str, str], ...] = (
    # --- email_signature -------------------------------------------------------------------
    (
        "email_signature",
        "Best regards,\n\n[[P:Chiamaka Okonkwo-Bello]]\nSenior Procurement Officer | West Africa\nT: [[PH:+234 201 271 8840]]\nM: [[PH:+234 803 412 7765]]\n[[EM:c.okonkwo-bello@harmattanfreight.ng]]",
    ),
    (
        "email_signature",
        "Kind regards,\n[[P:Niamh O'Sullivan]]\nAccounts Payable\nBrightwater Foods Ltd.\n[[ADDR:Unit 7, Ballycoolin Business Park, Dublin 15, D15 X2K8]]\nTel. [[PH:+353 1 824 5507]] | Mob [[PH:+353 87 219 4418]]\nThis e-mail and any attachments are confidential and intended solely for the addressee.",
    ),
    (
        "email_signature",
        "--\n[[P:Tomasz Wiśniewski]]\nKierownik ds. Logistyki / Logistics Manager\nTel. [[PH:+48 22 614 38 90]] wew. 214\nKom. [[PH:+48 601 447 925]]\n[[ADDR:ul. Marszałkowska 84/92, 00-514 Warszawa]]",
    ),
    (
        "email_signature",
        "Sent from my iPhone\n\n> On [[~DATE:12 Mar 2024]], at [[~TIME:09:41]], [[P:Haruto Sato]] <[[EM:h.sato@kiyomizu-trading.co.jp]]> wrote:\n>\n> Dear Ms. [[P:Lindgren]], the revised quote [[~ORDER_NUMBER:Q-24-0317]] is attached.\n> If anything is unclear please call my mobile, [[PH:+81 90-4418-2276]].",
    ),
    (
        "email_signature",
        "Thanks,\n[[P:Dev]]\n\n[[P:Devendra Rao Patil]] | Head of Finance\nSaffron Lane Consulting LLP\nM: [[PH:+91 98204 51736]] | E: [[EM:devendra.patil@saffronlane.in]]\n[[ADDR:Level 5, Tower B, Peninsula Business Park, Lower Parel, Mumbai 400013]]",
    ),
    (
        "email_signature",
        "Mit freundlichen Grüßen\n\nDr. [[P:Annelie Brückner-Hoffmann]]\nLeiterin Qualitätssicherung\nRheinwerk Präzisionsteile GmbH\n[[ADDR:Industriestraße 27, 47829 Krefeld]]\nTel.: [[PH:+49 2151 93 88-412]] · Fax: [[PH:+49 2151 93 88-499]]\nBankverbindung: IBAN [[IBAN:DE68 4306 0967 1184 3209 00]]",
    ),
    (
        "email_signature",
        "Regards,\n[[P:KIM Min-jun]]\nRegional Sales Director, APAC\nT: [[PH:+82 2 3453 7781]]\nM: [[PH:+82 10 4827 3390]]\n[[EM:minjun.kim@hanbit-logistics.kr]]\nLinkedIn: [[URL:linkedin.com/in/minjun-kim-apac]]",
    ),
    (
        "email_signature",
        "Customer Care Team\nNordlys Outdoor AS\nOpening hours: Mon–Fri [[~TIME:08:00]]–[[~TIME:16:00]] CET\nFor order questions, quote your order number (e.g. [[~ORDER_NUMBER:NO-2024-118734]]) in the subject line.\nThis mailbox is not monitored at weekends.",
    ),
    (
        "email_signature",
        "Cheers,\n[[P:Liam]]\n--\n[[P:Liam Fitzgerald-Nkemelu]]\nFounder, Tidewater Design Studio\n[[PH:+44 (0)20 3987 6621]] (studio) / [[PH:07915 604 238]] (mobile)\n[[EM/SPELLED:liam [at] tidewaterstudio [dot] co [dot] uk]]",
    ),
    (
        "email_signature/fr",
        "Cordialement,\n\n[[P:Émilie Lefèvre-Garnier]]\nResponsable administrative et financière\nAtelier Beaumarchais SARL\n[[ADDR:8 avenue de la Libération, 69003 Lyon]]\nTél. : [[PH:04 78 62 19 35]] – Port. : [[PH:06 71 48 22 90]]\n[[EM:emilie.lefevre@atelier-beaumarchais.fr]]",
    ),
    (
        "email_signature/fr",
        "Bien à vous,\n[[P:Jean-Baptiste N'Diaye]]\nChargé de clientèle entreprises\nLigne directe : [[PH:+33 1 44 96 58 12]]\nStandard : [[PH:+33 1 44 96 50 00]]\n« Pensez à l'environnement avant d'imprimer ce courriel. »",
    ),
    (
        "email_signature",
        "Warm regards,\n[[P:Alejandro de la Fuente Ibáñez]]\nDirector Comercial | Iberia Cargo Partners S.L.\n[[ADDR:C/ de Pallars 193, 5º 2ª, 08005 Barcelona]]\nT. [[PH:+34 932 41 77 08]] · M. [[PH:+34 655 903 214]]\nPlease consider the environment before printing this email.",
    ),
    (
        "email_signature",
        "[[P:Nguyễn Thị Thu Hà]]\nMarketing Executive\nSaigon Bloom Co., Ltd.\nOffice: [[PH:+84 28 3823 5591]] ext. 118 | Mobile: [[PH:(+84) 90 812 3476]]\nEmail: [[EM:ha.nguyen@saigonbloom.vn]]\n---\nSent from Outlook for Android",
    ),
    (
        "email_signature",
        "Best,\n[[P:A. K. Osei]]\nOsei & Mensah Chartered Accountants\n[[ADDR:P.O. Box KA 9412, Airport, Accra]]\nTel: [[PH:+233 30 276 4419]]\n\nDISCLAIMER: This message may contain privileged information. If you are not the intended recipient, please notify the sender and delete it.",
    ),
    # --- logistics -------------------------------------------------------------------------
    (
        "logistics",
        "Ship to:\n[[P:Priya Venkataraman]]\n[[ADDR:Flat 3, 27 Albion Road\nLeeds\nLS6 1PJ\nUnited Kingdom]]\nRef: [[~ORDER_NUMBER:SO-558214]] / 2 cartons, 14.6 kg",
    ),
    (
        "logistics",
        "Consignee: [[P:Marie-Ève Tremblay]], [[ADDR:1450 rue Sherbrooke Ouest, app. 802, Montréal QC H3G 1K4]], tel. [[PH:514-843-2297]]\nCarrier: Purolator, PIN [[~TRACKING_NUMBER:332817650094]], 3 pcs, declared value [[~PRICE:CAD 1,240.00]]",
    ),
    (
        "logistics",
        "Lieferadresse: [[P:Jürgen Weißmüller]], [[ADDR:Schleißheimer Str. 118, 80797 München]]\nAvis an: [[PH:+49 89 3176 4433]]\nLieferschein-Nr. [[~ORDER_NUMBER:LS-24-070913]], Pos. 3: Art.-Nr. [[~SKU:40-2217-B]] (12 Stück)",
    ),
    (
        "logistics",
        "Bezorging mislukt / delivery failed: recipient [[P:Sanne van der Heijden]] not at home.\nAddress: [[ADDR:Keizersgracht 412-III, 1016 GC Amsterdam]]\nNext attempt [[~DATE:Thu 18 Apr]] between [[~TIME:10:00]] and [[~TIME:14:00]]. Barcode [[~TRACKING_NUMBER:3SPOST0049182736]]",
    ),
    (
        "logistics",
        "Destinatário: [[P:Ana Luísa Carvalho Pereira]]\n[[ADDR:Av. Paulista, 1578 - apto 94 - Bela Vista, São Paulo - SP, 01310-200]]\nCPF: [[ID/BR_CPF:418.306.925-42]]\nCódigo de rastreio: [[~TRACKING_NUMBER:QB482915377BR]]\nValor declarado: [[~PRICE:R$ 349,90]]",
    ),
    (
        "logistics",
        "Courier booking #[[~ORDER_NUMBER:BLR-77120]]: pickup from [[P:Suresh Iyengar]], [[ADDR:No. 14, 3rd Cross, Indiranagar 2nd Stage, Bengaluru, Karnataka 560038]]. Contact [[PH:9845012377]] before 5 pm. AWB [[~TRACKING_NUMBER:78412093365]]",
    ),
    (
        "logistics",
        "Deliver to: [[P:Yamamoto Haruka]] ([[P:山本 遥]])\n[[ADDR:4-7-12 Kitazawa, Setagaya-ku, Tokyo 155-0031]]\nTEL [[PH:090-3318-5526]]\nItem: ceramic tea set, SKU [[~SKU:TS-KY-0418]], declared value [[~PRICE:¥18,500]]",
    ),
    (
        "logistics",
        'UPS Ground label\n[[P:Marcus Dwayne Whitfield]]\n[[ADDR:2207 Magnolia Ave, Apt 4B\nAustin, TX 78704]]\nPhone [[PH:(512) 648-3390]]\nTracking [[~TRACKING_NUMBER:1Z 9W3 E61 03 5572 8841]]\nSigned for by "[[P:M. OKAFOR]]" at [[~TIME:14:32]]',
    ),
    (
        "logistics",
        "RMA [[~TICKET_ID:RMA-30418]]: please ship the faulty unit (S/N [[~SERIAL_NUMBER:7KQ2-118-0943]]) to our returns desk, attn. [[P:Rebecca Thornbury]], [[ADDR:1250 Pine Ridge Blvd, Suite 200, Boise, ID 83704]]. Do not use [[ADDR:P.O. Box 4471, Boise, ID 83711]]; that box is for invoices only.",
    ),
    (
        "logistics/fr",
        "Avis de passage : votre colis n° [[~TRACKING_NUMBER:6A19384751203]] n'a pas pu être livré à M. [[P:Rachid Benali]], [[ADDR:17 rue des Tanneurs, 59800 Lille]]. Nous avons tenté de vous joindre au [[PH:06 12 84 39 57]]. Il vous attend au bureau de poste jusqu'au [[~DATE:22/05/2024]].",
    ),
    (
        "logistics",
        "Pallet manifest [[~ORDER_NUMBER:PM-2024-0612]]\n- 24x [[~SKU:HX-220-BLK]] @ [[~PRICE:€14.90]]\n- 10x [[~SKU:HX-220-WHT]] @ [[~PRICE:€14.90]]\nGross weight 412 kg, 1.2 m³, seal no. [[~SERIAL_NUMBER:EU4471902]]\nETA port of discharge: [[~DATE:2024-06-19]]",
    ),
    (
        "logistics",
        "CN23 customs declaration\nSender: [[P:Elif Yıldırım]], [[ADDR:Bağdat Cad. No: 241/6, Kadıköy, 34728 İstanbul, Türkiye]], tel. [[PH:+90 532 617 44 08]]\nRecipient: [[P:Andrei Popescu]], NIE [[ID/ES_NIE:X4418203H]], [[ADDR:Calle de Embajadores 112, 3º B, 28012 Madrid, Spain]]\nContents: handmade kilim rug, HS 5702.10, value [[~PRICE:EUR 230.00]]",
    ),
    (
        "logistics",
        "Hi team, driver couldn't find the drop for consignment [[~TRACKING_NUMBER:CP9384710265AU]]. Customer [[P:Dimitrios Papadakis]] says it's [[ADDR:Unit 12/45 Bridge Rd, Glebe NSW 2037]], entry via the laneway. His mobile: [[PH:0412 583 906]].",
    ),
    # --- sms -------------------------------------------------------------------------------
    ("sms", "hey its [[P:tunde]], new number [[PH:08034417729]] save it pls"),
    ("sms", "running 10 min late, if [[P:will]] gets there first tell him to grab a table"),
    (
        "sms",
        "Your Bolt Food order #[[~ORDER_NUMBER:4482]] is on its way! Courier: [[P:Sunny]] (white Honda scooter). ETA [[~TIME:19:45]]",
    ),
    (
        "sms",
        "DPD: Your parcel [[~TRACKING_NUMBER:15501234987654]] will be delivered today between [[~TIME:11:24]] and [[~TIME:12:24]]. Reply STOP to opt out.",
    ),
    (
        "sms",
        "omg ok so [[P:mehmet]]'s address is [[ADDR:22 cranbrook rd, ilford ig1 4pg]], flat above the chemist",
    ),
    ("sms", "oops sorry that iban had a typo, correct one is [[IBAN:GB35HBUK40127691843355]] x"),
    (
        "sms",
        "Hi, this is Dr [[P:Ogunleye]]'s surgery. Please call us back on [[PH:020 3948 2271]] about your results. Ref [[~TICKET_ID:LAB-77341]]",
    ),
    (
        "sms/fr",
        "slt c [[P:léa]] ! tu peux m'envoyer l'adresse de [[P:mathis]] ? je crois c [[ADDR:14 rue victor hugo à nantes]] mais pas sûre",
    ),
    (
        "sms/fr",
        "Bonjour M. [[P:Haddad]], votre rdv du [[~DATE:12/06]] à [[~TIME:15h30]] est confirmé. Pour annuler : [[PH:01 45 67 82 30]]. Cabinet du Dr [[P:Marchal]]",
    ),
    (
        "sms",
        "yo its [[P:jakub]], lost my phone, this is my gf's number [[PH:+48512338104]] text me here",
    ),
    (
        "sms",
        "landlord's details for the form, copied from the lease: « Mme [[P:Catherine Roux]], [[ADDR:23 bd Gambetta 06000 Nice]], tél. [[PH:06 84 21 97 33]] »",
    ),
    (
        "sms",
        "Your Uber driver [[P:Sunil]] is arriving in a white Toyota Prius LR19 KXD. Please meet at the pickup point.",
    ),
    (
        "sms",
        "Thx for shopping at FreshMart! Receipt [[~INVOICE_NUMBER:FM-0093-22871]], total [[~PRICE:£23.47]]. You earned 46 points.",
    ),
    (
        "sms",
        "hey mate can u fill in my tfn on the super form? its [[ID/AU_TFN:872 304 957]]. cheers [[P:harper]]",
    ),
    # --- finance ---------------------------------------------------------------------------
    (
        "finance",
        "Attn: [[P:Khalid bin Saeed Al-Mansoori]]\nPlease remit to Okonjo Textiles Ltd:\nGBP: [[IBAN:GB34 LOYD 3096 2418 6500 32]] (BIC LOYDGB2L)\nEUR: [[IBAN:IE28 BOFI 9001 4831 2077 55]]\nInvoice [[~INVOICE_NUMBER:INV-2024-00871]], amount due [[~PRICE:£4,312.50]]",
    ),
    (
        "finance",
        "Hi [[P:Sven]], the payment failed for card [[CC:4716 2290 5813 7748]], exp 09/27, CVV [[CC/CVV:318]]. Can you check with the bank?\n– [[P:Grace]]",
    ),
    (
        "finance",
        "Rückerstattung bitte auf [[IBAN:DE78 7605 0101 0013 9475 21]] (Kontoinhaber: [[P:Ömer Kaya]]). Betrag: [[~PRICE:89,90 €]], Bestellnr. [[~ORDER_NUMBER:DE-448102-K]]",
    ),
    (
        "finance",
        "Corporate card on file: AMEX [[CC:3412 095883 01726]], security code [[CC/CVV:4417]], cardholder [[P:HIROSHI TANAKA]]. Backup: JCB [[CC:3528-1146-9027-3533]].",
    ),
    (
        "finance",
        "Card no.: [[CC:5412-7534-\n0986-2187]]\nName on card: [[P:Ngozi Eze-Adeyemi]]\nCVC: [[CC/CVV:052]]\nBilling: [[ADDR:5 Admiralty Way, Lekki Phase 1, Lagos 106104]]",
    ),
    (
        "finance",
        "Card ending 4821 was declined at [[~TIME:14:02]] for [[~PRICE:USD 129.00]]; the customer asked us to retry with the Mastercard ending 0661. Ticket [[~TICKET_ID:CS-448120]].",
    ),
    (
        "finance",
        "Supplier master data update:\nVendor 100482 | Fjordlys Design AS | [[IBAN:NO93 1503 2748 160]]\nVendor 100517 | Kalevala Trading Oy | [[IBAN:FI27 4231 0020 1987 75]]\nVendor 100533 | Hygge Møbler ApS | [[IBAN:DK2430004071253389]]\nVendor 100601 | Norrsken AB | [[IBAN:SE15 5000 0000 0536 8107 2249]]\nVendor 100644 | Alpenglanz AG | [[IBAN:CH67 0840 1000 0541 7623 0]]\nApproved: [[P:L. Andersson]], [[~DATE:2024-05-02]]",
    ),
    (
        "finance",
        "Pls pay [[P:Joaquim Ferreira]]'s expenses to [[IBAN:PT06 0035 0127 0004 6189 3017 2]] and [[P:Chiara Rinaldi]]'s to [[IBAN:IT83L0306911204000004572931]] before month end. Totals [[~PRICE:€612.40]] / [[~PRICE:€1.088,00]].",
    ),
    (
        "finance",
        "SEPA Direct Debit mandate\nDebtor: [[P:Maarten de Vries]]\nIBAN: [[IBAN:NL50RABO0318472950]]\nMandate ref.: [[~ORDER_NUMBER:MND-000734215]]\nSigned [[~DATE:03-04-2024]], [[LOC:Utrecht]]",
    ),
    (
        "finance/fr",
        "Bonjour, suite à notre échange, voici mon RIB pour le remboursement :\nTitulaire : [[P:Hélène Marchetti]]\nIBAN : [[IBAN:FR76 3000 4018 2300 0128 7465 155]]\nBIC : BNPAFRPPXXX\nMerci d'indiquer la référence de facture [[~INVOICE_NUMBER:F-2024-1187]].",
    ),
    (
        "finance",
        "Wire instructions from the Turkish subsidiary: beneficiary [[P:Zeynep Arslan]], [[IBAN:TR19 0006 4000 0014 2880 3917 25]]. Please also update [[P:Rafael Oliveira Santos]] ([[LOC:São Paulo]]) to [[IBAN:BR9000000000010670000117654C1]].",
    ),
    (
        "finance",
        "Forwarding the tenant's details exactly as written on the French form: « Titulaire du compte : Mme [[P:Aurélie Lambert]], IBAN [[IBAN:FR7610278060410002039184779]]. Carte : [[CC:4974 0128 3367 5209]], cryptogramme [[CC/CVV:281]] ». Deposit of [[~PRICE:€1,450]] to be returned by [[~DATE:31 July]].",
    ),
    (
        "finance",
        "Refund queue:\n1) [[P:Kowalski, Piotr]] | [[IBAN:PL85 1140 2004 0000 3602 1859 3374]] | [[~PRICE:312,00 zł]]\n2) [[P:Wouters, Lotte]] | [[IBAN:BE78 0634 4182 0786]] | [[~PRICE:€75.00]]\n3) [[P:Gruber, Florian]] | [[IBAN:AT34 2011 1822 1537 4400]] | [[~PRICE:€220.00]]\n4) [[P:Dvořáková, Tereza]] | [[IBAN:CZ4603000000001947663812]] | [[~PRICE:1 980 Kč]]\n5) [[P:Mbatha, Sipho]] | [[IBAN:LU60 0141 0375 5286 0000]] | [[~PRICE:€40.00]]",
    ),
    # --- it_logs ---------------------------------------------------------------------------
    (
        "it_logs",
        "[[~DATE:2024-05-14T09:12:44.381Z]] INFO auth.login user=[[EM:mohammed.alrashid@gulfstream-hr.ae]] ip=[[IP:185.44.212.97]] req_id=[[~HASH:7f3a9c1e-2b4d-4e8a-9f61-0c2d5e8b7a14]] result=success",
    ),
    (
        "it_logs",
        "Jun  3 02:17:55 bastion-01 sshd[48213]: Failed password for invalid user oracle from [[IP:2a02:c7c:4e1f:9b00:8d3:61ff:fe2a:17c4]] port 51822 ssh2\nJun  3 02:18:02 bastion-01 sshd[48230]: Accepted publickey for [[P:jkowalczyk]] from [[IP:10.20.4.117]] port 60114 ssh2",
    ),
    (
        "it_logs",
        '[[IP:141.94.27.163]] - - [12/Mar/2024:16:05:33 +0000] "GET /api/v2/users/8812/avatar HTTP/1.1" 200 1834 "-" "okhttp/[[~VERSION:4.9.3]]"',
    ),
    (
        "it_logs",
        "[deploy] release [[~VERSION:10.4.2.118]] built from [[~HASH:9e41c07b2d5f]] by [[P:anna.lindqvist]], rolled out to 3/3 nodes in 4m10s",
    ),
    (
        "it_logs",
        'WARN payment-svc order=[[~ORDER_NUMBER:ORD-99120374]] card declined (bin=545762 last4=0922) customer_email=[[EM:sofia.martinez@correo-es.net]] client_ip=[[IP:83.59.144.202]]\nDEBUG payment-svc raw_request={"pan":"[[CC:4929038177256138]]","cvv":"[[CC/CVV:774]]","holder":"[[P:SOFIA MARTINEZ]]"}',
    ),
    (
        "it_logs",
        'ERROR kyc-worker: validation failed for field bsn="[[ID/NL_BSN:246173907]]" (applicant_id=58813, name="[[P:Femke Bakker-Smit]]"): birth date [[DT:1993-08-22]] does not match registry',
    ),
    (
        "it_logs",
        "CI pipeline #48211 passed in 6m12s: pytest [[~VERSION:8.1.1]], python [[~VERSION:3.11.9]], coverage 91.4%. Artifact sha256:[[~HASH:3b7f0e92c1d84a6f5e2b9c07d3a1f6e8b4c2d9a7e5f1038b6c4d2e9f7a1b3c5d]]",
    ),
    (
        "it_logs",
        '{"ts":"[[~DATE:2024-04-02T11:47:09Z]]","level":"error","msg":"mailbox quota exceeded","mailbox":"[[EM:oluwaseun.adebayo@mefocus.ng]]","quota_mb":2048,"src_ip":"[[IP:2c0f:f5c0:440:12::1b]]"}',
    ),
    (
        "it_logs/fr",
        "[[~DATE:2024-03-28 17:42:10]] ERREUR connexion refusée pour l'utilisateur [[EM:claire.dubois@mairie-saint-aubin.fr]] depuis [[IP:92.184.105.33]] (tentative 5/5), compte verrouillé pendant 30 min",
    ),
    (
        "it_logs",
        "An account was successfully logged on.\nAccount Name: [[P:r.nakamura]]\nAccount Domain: CONTOSO\nWorkstation Name: [[~SERIAL_NUMBER:LT-FIN-0447]]\nSource Network Address: [[IP:172.16.88.23]]\nLogon ID: [[~HASH:0x3E7A91F]]",
    ),
    (
        "it_logs",
        "[[~TICKET_ID:SEC-2291]] GDPR erasure request. User wrote: « Bonjour, je m'appelle [[P:Thibault Garnier]], merci de supprimer mon compte [[EM:thibault.garnier@orange.fr]] et mon numéro [[PH:07 81 22 64 09]]. » Last login from [[IP:2a01:cb08:8a1:e200:5d4c:1f0e:9b2a:7c31]] on [[~DATE:2024-02-11]].",
    ),
    (
        "it_logs",
        "kubelet: pod api-7d9f8b6c4-x2kqp OOMKilled (limit 512Mi), restarting. agent=[[~VERSION:1.4.22.103]] image=registry.internal/api:[[~VERSION:2.31.0]] digest=sha256:[[~HASH:a94c1e07d3b25f68e0c7b41d9a2e3f5c6d8b0a1e7f9c2d4b6a8e0f1c3d5b7a9e]]",
    ),
    (
        "it_logs",
        "postfix/smtp[20931]: [[~HASH:4F2A31C0B7]]: to=<[[EM:wanjiru.kamau@safarimail.co.ke]]>, relay=mx.safarimail.co.ke[[[IP:196.201.214.40]]]:25, delay=1.4, status=sent (250 2.0.0 Ok: queued as [[~HASH:B81E2D44F1]])",
    ),
    # --- forms -----------------------------------------------------------------------------
    (
        "forms",
        "Name: [[P:Oluwadamilare Adeyemi-Johnson]]\nDOB: [[DT:17/09/1988]]\nNI number: [[ID/UK_NINO:JH 41 72 09 C]]\nPassport No: [[ID/PASSPORT:562914873]]\nAddress: [[ADDR:41 Kingsley Road, Hounslow TW3 1QB]]\nPhone: [[PH:07842 316 905]]",
    ),
    (
        "forms",
        '{"id": 88213, "full_name": "[[P:Wang Xiuying]]", "email": "[[EM:xiuying.wang@shanhai-tech.cn]]", "phone": "[[PH:+86 138 1047 2295]]", "city": "[[LOC:Suzhou]]", "plan": "pro-annual", "sku": "[[~SKU:CN-PRO-12M]]"}',
    ),
    (
        "forms",
        "first_name,last_name,email,mobile,city\n[[P:Tuğba]],[[P:Şahin]],[[EM:tugba.sahin@posta-ege.com.tr]],[[PH:+905426184397]],[[LOC:İzmir]]\n[[P:Mateus]],[[P:da Silva Costa]],[[EM:mateus.costa@uol.com.br]],[[PH:+5541987364402]],[[LOC:Curitiba]]\n[[P:Saoirse]],[[P:Ní Bhriain]],[[EM:saoirse.nibhriain@eircom.net]],[[PH:+353857731406]],[[LOC:Galway]]",
    ),
    (
        "forms",
        "Nombre: [[P:María José Ortega de la Cruz]]\nDNI: [[ID/ES_DNI:48213976L]]\nFecha de nacimiento: [[DT:03/11/1979]]\nIBAN: [[IBAN:ES33 2085 0371 8503 3047 2815]]\nTeléfono: [[PH:612 48 73 09]]",
    ),
    (
        "forms",
        "Cognome: [[P:Bianchi]]\nNome: [[P:Giulia]]\nCodice fiscale: [[ID/IT_CF:BNCGLI86C52A944G]]\nNata a [[LOC:Bologna]] il [[DT:12/03/1986]]\nResidenza: [[ADDR:Via dell'Indipendenza 54, 40121 Bologna BO]]",
    ),
    (
        "forms/fr",
        "Nom : [[P:Lefort]]\nPrénom(s) : [[P:Camille]], [[P:Anne]]\nN° de sécurité sociale : [[ID/FR_NIR:2 84 07 75 112 048 66]]\nDate de naissance : [[DT:14/07/1984]]\nAdresse : [[ADDR:31 boulevard Voltaire, 75011 Paris]]\nTél. : [[PH:01 43 55 20 74]]",
    ),
    (
        "forms",
        "Rejestracja pacjenta / patient registration\nNazwisko i imię: [[P:Wójcik Krzysztof]]\nPESEL: [[ID/PL_PESEL:89071415236]]\nData urodzenia: [[DT:14.07.1989]]\nTelefon: [[PH:+48 512 904 377]]\nNr karty: [[~SERIAL_NUMBER:NFZ-0441827]]",
    ),
    (
        "forms",
        '{"nome": "[[P:Letícia Andrade Moraes]]", "cpf": "[[ID/BR_CPF:07255918468]]", "nascimento": "[[DT:1990-11-05]]", "endereco": "[[ADDR:Rua Comendador Araújo, 731, Batel, Curitiba - PR, 80420-000]]", "pedido": "[[~ORDER_NUMBER:PD-2209914]]"}',
    ),
    (
        "forms",
        "Applicant: [[P:Ananya Krishnamurthy]] | PAN: [[ID/IN_PAN:BQKPK4821J]] | Aadhaar: [[ID/IN_AADHAAR:4738 2915 6402]] | Mobile: [[PH:+91 98450 27613]] | Co-applicant: [[P:Vikram Reddy]] (PAN [[ID/IN_PAN:AHVPR0937M]])",
    ),
    (
        "forms",
        "New hire: [[P:Jean-Luc Bouchard-Ouellet]]\nSIN: [[ID/CA_SIN:527 931 414]]\nHome address: [[ADDR:2045 boul. Laurier, app. 310, Québec QC G1V 2L1]]\nStart date: [[~DATE:2024-07-02]]\nEmergency contact: [[P:Sophie Ouellet]], [[PH:418-651-2093]]",
    ),
    (
        "forms",
        "W-4 intake\nEmployee: [[P:DeShawn Marcus Reed]]\nSSN: [[ID/US_SSN:482-17-3390]]\nDOB: [[DT:1991-02-26]]\nAddress: [[ADDR:918 W Belmont Ave, Apt 3R, Chicago, IL 60657]]\nEmail: [[EM:deshawn.reed91@fastmail.com]]",
    ),
    (
        "forms",
        "Name: [[P:Schröder, Lena-Marie]]\nSteuer-ID: [[ID/DE_IDNR:47 028 157 367]]\nGeburtsdatum: [[DT:05.01.1995]]\nAnschrift: [[ADDR:Am Sandtorkai 48, 20457 Hamburg]]\nMobil: [[PH:0176 4829 3310]]",
    ),
    (
        "forms",
        "Form submission #[[~TICKET_ID:20931]]\nProduct: standing desk frame, SKU [[~SKU:SD-FR-1400-BK]]\nQty: 2\nCoupon: SPRING24\nOrder total: [[~PRICE:$598.00]]\nPreferred delivery week: [[~DATE:2024-05-20]]",
    ),
)
