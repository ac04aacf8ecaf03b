"""Hand-written HR mailbox messages. Markup: see ``markup.py``."""

# One message per line, as written (long lines are the data, not code).
# ruff: noqa: E501

__all__ = ["HR"]

HR: tuple[str, ...] = (
    "Please add [[P:Summer Brown]] to payroll from [[~DATE:1 July]]. Her SSN is [[ID/US_SSN:038-15-3822]] and salary goes to acct at Chase.",
    "New hire: [[P:Oluwaseun Adeyemi]], DOB [[DT/BIRTH_DATE:14/02/1991]], home [[ADDR:12 Adeola Odeku Street, Victoria Island, Lagos 101241]]",
    "Employee [[P:KOWALSKA Anna]] (PESEL [[ID/PL_PESEL:94032344625]]) requests parental leave from [[~DATE:03.06.2024]].",
    "Steuer-ID von [[P:Jürgen Weiß]]: [[ID/DE_TAX_ID:32 731 596 486]], Konto [[IBAN:DE17 1111 1045 5276 9062 73]]",
    "Hi HR, I moved. New address:\n[[ADDR:Flat 2\n17 Kingsley Road\nBristol\nBS6 6AF]]\nThanks, [[P:Grace]]",
    "Reference request for former employee [[P:Mark Long]] (employee no. [[~ORDER_NUMBER:E-10442]], left [[~DATE:March 2022]]).",
    "The NINO for [[P:Amelia Hughes]] is [[ID/UK_NINO:WA157150C]], please fix the P45.",
    "Visa paperwork: passport no. [[ID/PASSPORT:X7740213]] for [[P:Zhang Wei]], expires [[~DATE:2031-05-02]].",
    "Sick note received from [[P:maria gonzalez]], back on [[~DATE:Monday]].",
    "Contract for [[P:Dvořák Petr]], rodné číslo [[ID/CZ_RC:841102/4380]], start [[~DATE:1. 9. 2024]].",
    "Payslip query: [[P:Priya Raghunathan]], PAN [[ID/IN_PAN:WEPPO7278P]], Aadhaar [[ID/IN_AADHAAR:5113 3623 6350]]",
    "Bonus of [[~PRICE:€2,500]] approved for [[P:Giulia Esposito]] and [[P:Matteo Bianchi]].",
    "Please update [[P:Tanaka Hiroshi]]'s emergency contact to his wife [[P:Tanaka Yui]], [[PH:090-1234-5678]].",
    "Background check: [[P:Jean-Baptiste N'Diaye]], SIN [[ID/CA_SIN:736-471-764]], previous address [[ADDR:88 Queen St W, Apt 1204, Toronto, ON M5H 2M5]]",
    "The BSN of [[P:Thijs van den Berg]] is [[ID/NL_BSN:495981382]]; salary to [[IBAN:NL38 DBFP 1232 2619 41]].",
    "Onboarding checklist v[[~VERSION:3.2]] attached. Laptop asset tag [[~SERIAL_NUMBER:LT-20931]].",
    "[[P:Hope Adams]] declined the offer; please close requisition [[~TICKET_ID:REQ-5521]].",
    "Numéro de sécurité sociale de [[P:Camille Moreau]] : [[ID/FR_NIR:1 92 06 52 308 972 24]]",
    "DNI de [[P:María José García López]]: [[ID/ES_DNI:90569106M]]. Dirección: [[ADDR:Calle de Alcalá 45, 3º B, 28014 Madrid]]",
    "Codice fiscale [[ID/IT_FISCAL_CODE:BVKNGU89D49C021G]] for [[P:Luca Ferri]] is wrong on the badge.",
    "CPF do [[P:Carlos Eduardo da Silva]]: [[ID/BR_CPF:287.346.788-67]], conta para depósito [[IBAN:BR47 4689 8394 5352 0632 4798 732N 1]]",
    "AHV-Nr. [[ID/CH_AHV:756.0912.6369.93]] ([[P:Luzia Brun]]) fehlt im Lohnsystem.",
    "TFN [[ID/AU_TFN:555 340 710]] for [[P:Lachlan O'Brien]] – super fund wants it by [[~DATE:30/06/2024]].",
    "[[P:Sipho Dlamini]] ID [[ID/ZA_ID:400825 5536 08 7]] starts in the Durban office.",
    "Personnummer [[ID/SE_PERSONNUMMER:880119-0102]] tillhör [[P:Åsa Lindqvist]].",
    "Please remove [[P:Bill]] from the distribution list, he left on [[~DATE:2024-01-31]].",
    "[[P:Fatima Al-Sayed]] asked for her file under GDPR Art. 15; reply by [[~DATE:15 June]].",
    "Henkilötunnus [[ID/FI_HETU:080563-622H]] ([[P:Mikko Virtanen]]) – palkka tilille [[IBAN:FI92 3531 5531 0560 45]].",
    "Rijksregisternummer van [[P:Lotte Peeters]]: [[ID/BE_NN:56.07.28-770.03]].",
    "Headcount report [[~INVOICE_NUMBER:HC-2024-Q2]]: 41 starters, 12 leavers, avg. salary [[~PRICE:$71,300]].",
    "CPR-nr. [[ID/DK_CPR:110697-6228]] for [[P:Søren Nielsen]], bank [[IBAN:DK59 5897 3709 0213 49]]",
    "New joiner [[P:Ngozi Eze]], NIN [[ID/NG_NIN:53530346191]], mobile [[PH:0803 555 0142]].",
)
