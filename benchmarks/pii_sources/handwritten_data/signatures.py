"""Hand-written e-mail endings and signature blocks. Markup: see ``markup.py``."""

# One message per line, as written (long lines are the data, not code).
# ruff: noqa: E501

__all__ = ["SIGNATURES"]

SIGNATURES: tuple[str, ...] = (
    "Thanks for looking into it.\n\nBest,\n[[P:Rose]]",
    "Kind regards\n\n[[P:Mark Price]]\nHead of Procurement\n[[PH:+44 20 7946 0958]]",
    "Cheers,\n[[P:Will Baker]]\n--\nSent from my phone",
    "Mit freundlichen Grüßen\n\nDr. [[P:Anna-Lena Müller-Schmidt]]\n[[ADDR:Lindenstraße 4\n80331 München]]\nTel. [[PH:+49 (0)89 1234 5678]]",
    "Cordialement,\n\n[[P:Anne-Sophie Lefèvre-Durand]]\nResponsable clientèle\n[[PH:01 42 68 53 00]]\n[[ADDR:8 rue de la Paix\n75002 Paris]]",
    "Regards,\n[[P:Okonkwo Chiamaka]] (Ms)\n[[EM:c.okonkwo@example.ng]] | [[PH:+234 1 270 1234]]",
    "best\n[[P:jan de vries]]\n[[PH:06 12345678]]",
    "--\n[[P:Takahashi Haruto]]\nSales Engineer, Tokyo office\n[[PH:+81 3-1234-5678 ext. 204]]",
    "Yours sincerely,\n\n\n[[P:Fatima Al-Sayed]]\nP.S. please use [[EM:fatima.alsayed@example.ae]] from now on",
    "Thanks!\n[[P:Björn Þórsson]]\n\nThis e-mail and any attachment are confidential.",
    "Regards\n[[P:Giulia Esposito]]\n[[ADDR:Via Roma 10\n00184 Roma RM]]\nCF [[ID/IT_FISCAL_CODE:RRMLSU75A69G413D]]",
    "Sent from Outlook for iOS\n\nOn [[~DATE:Mon, 3 Jun 2024]] at [[~TIME:09:12]], [[P:Hannah Schultz]] <[[EM:hannah.schultz@example.com]]> wrote:\n> see attached",
    "Many thanks,\n[[P:Łukasz Wiśniewski]]\n[[ADDR:ul. Marszałkowska 84/92 m. 12\n00-514 Warszawa]]",
    "Best regards / Med vänlig hälsning\n[[P:Åsa Lindqvist]]\n[[PH:+46 8 123 456 78]]",
    "--\n[[P:Carlos Eduardo da Silva]]\nGerente de Contas\n[[PH:(11) 98765-4321]]\n[[ADDR:Av. Paulista, 1578 - Bela Vista\nSão Paulo - SP\n01310-200]]",
    "Talk soon\n[[P:Aarav]]",
    "All the best,\n[[P:Mary-Kate O'Donnell]]\n[[ADDR:Unit 5, 12 Harbour Road\nHowth, Co. Dublin\nD13 E2K4]]",
    "regards,\n\n[[P:Sipho Dlamini]]\n[[PH:+27 (0)11 555 0123]]\n[[ADDR:PO Box 7841\nJohannesburg 2000]]",
    "Thanks again!\n[[P:Emily Chen]]\nSenior Analyst | Example Retail\n[[ADDR:500 Howard St, Suite 300\nSan Francisco, CA 94105]]\no: [[PH:(415) 555-0198]] m: [[PH:415.555.0177]]",
    "Groeten,\n[[P:Thijs van den Berg]]\n[[ADDR:Oudegracht 231\n3511 NK Utrecht]]",
    "Saludos cordiales,\n[[P:María José García López]]\n[[PH:+34 912 345 678]]",
    "Best,\n[[P:Priya]]\n\n[[P:Priya Raghunathan]] | [[EM:priya.r@example.in]] | [[PH:+91 98765 43210]]",
    "Kind regards,\n[[P:Lachlan O'Brien]]\n[[ADDR:Level 12, 1 Collins St\nMelbourne VIC 3000]]\n[[PH:+61 3 9123 4567]]",
    "Thanks, [[P:Dvořák Petr]]\n[[PH:+420 601 123 456]]",
    "Sincerely,\n[[P:Jean-Baptiste N'Diaye]]\n[[ADDR:1234 rue Sherbrooke Ouest, app. 5\nMontréal (Québec) H3G 1H6]]",
    "Cheers\n[[P:Hemi Walker]]\n[[ADDR:45 Cuba Street\nTe Aro\nWellington 6011]]",
    "Ciao,\n[[P:Matteo]]\nv. [[~VERSION:2.3.1]] of the plugin attached, ticket [[~TICKET_ID:JIRA-4471]]",
    "Regards,\nThe Support Team\nExample Retail | help desk ticket [[~TICKET_ID:CS-204881]]",
    "Best wishes,\n[[P:Kenji Watanabe]]\n[[ADDR:2-11-3 Meguro, Meguro-ku, Tokyo 153-0063]]",
    "Thanks\n[[P:Amelia Hughes]]\n[[ADDR:P.O. Box 1120\nHalifax, NS B3J 2X1]]",
    "Un saludo,\n[[P:Martín Fernández]]\n[[ADDR:Av. Corrientes 1234, piso 5\nC1043AAZ Buenos Aires]]",
)
