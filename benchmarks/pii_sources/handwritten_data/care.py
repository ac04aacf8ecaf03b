"""Hand-written care and clinic notes. Markup: see ``markup.py``."""

# One message per line, as written (long lines are the data, not code).
# ruff: noqa: E501

__all__ = ["CARE"]

CARE: tuple[str, ...] = (
    "Visited Mrs [[P:Rose Hill]] at home ([[ADDR:22 Station Road, Harrogate HG1 1TB]]). Dressing changed, next visit [[~DATE:Thursday]].",
    "pt [[P:john smith]] c/o chest pain since [[~TIME:0400]], BP 150/95, given 300mg aspirin",
    "NHS no. [[ID/UK_NHS:458 112 2287]] – [[P:Amelia Hughes]] – referred to cardiology.",
    "Daughter [[P:Hope]] called ([[PH:07700 900123]]), worried about mum's falls.",
    "Mr [[P:Okafor]] discharged to [[ADDR:Flat 9, Ebony House, 3 Mare Street, London E8 4RP]]; GP informed.",
    "Medication round: [[P:Grace Long]] refused the 8pm dose; [[P:Will]] (night nurse) documented.",
    "Client [[P:Nguyễn Văn An]] needs an interpreter (Vietnamese). Son [[P:Nguyễn Minh]]: [[PH:+1 (714) 555-0186]].",
    "Allergy: penicillin. Batch [[~SERIAL_NUMBER:LOT 22A917]], dose [[~MEASURE:5 ml]].",
    "Patientin [[P:Erika Mustermann]], geb. [[DT/BIRTH_DATE:12.08.1964]], wohnhaft [[ADDR:Marienplatz 8, 80331 München]]",
    "Home visit Mme [[P:Dubois]]: [[ADDR:3 bis avenue Jean Jaurès\n33000 Bordeaux]], porte code [[~ORDER_NUMBER:4B21]].",
    "Next of kin: [[P:Lakshmi Venkatesan]] (sister), [[PH:+91 44 2811 5566]]",
    "[[P:Mark]] wants to stop physio. Explained risks. Review [[~DATE:2024-07-12]].",
    "MRN [[~ORDER_NUMBER:00451229]] – wound care plan v[[~VERSION:2.1]] applied.",
    "Resident [[P:Earl Washington]] moved to room 12B; family contact [[EM:washington.family@example.com]]",
    "Called pharmacy about Ms [[P:Ayşe Demir]]'s repeat prescription, ref [[~ORDER_NUMBER:RX-88213]].",
    "[[P:Baba Adebayo]] asked that his son [[P:Tunde]] not be told about the diagnosis.",
    "Ambulance to [[ADDR:Rua das Flores 45, 2º Dto, 4050-262 Porto]] at [[~TIME:14:20]].",
    "Care plan for [[P:O'Sullivan, Niamh]]: 4 visits daily, key safe [[~ORDER_NUMBER:1904]].",
    "Temp 38.2, sats 94%. [[P:Pieter]] (son) updated by phone on [[PH:082 555 0177]].",
    "Patient [[P:Tanaka Yui]], address [[ADDR:4-27-18 Shibuya, Shibuya-ku, Tokyo 150-0002]], speaks little English.",
    "Hospital transport booked for [[P:Bill Turner]], pickup [[ADDR:PO Box 55, Nelson 7040]]? – no, use home address [[ADDR:17 Trafalgar St, Nelson 7010]].",
    "Insurance card of [[P:Sophie Laurent]]: [[ID/FR_NIR:246060616862266]], mutuelle on file.",
    "[[P:Carmen]] is [[~MEASURE:82 kg]] today, goal weight [[~MEASURE:75 kg]].",
    "MDT note: Dr [[P:Patel]] reviewed; [[P:Kwame]] to continue current regime.",
    "Mme [[P:Lefèvre]] demande que sa fille [[P:Claire]] soit appelée au [[PH:+33 6 98 76 54 32]].",
    "Consent form signed by [[P:Ingrid Solberg]] (fnr [[ID/NO_FODSELSNUMMER:050291 65760]]).",
    "Ward 4 census: 18 beds, 2 empty, equipment order [[~ORDER_NUMBER:EQ-3321]] pending.",
    "[[P:ana paula]] reported dizziness after [[~TIME:10:30]]; vitals stable.",
    "Referral letter to [[ADDR:Apollo Clinic, 21 Greams Road, Chennai - 600006]] for [[P:Arjun Mehta]].",
    "Home address on file is wrong: should be [[ADDR:Unit 4, 88 Beach Rd\nBondi NSW 2026]]. ([[P:Chloe Nguyen]])",
)
