"""Hand-written French messages and English ones quoting French data, by genre.

Markup: see ``markup.py``.
"""

# One message per line, as written (long lines are the data, not code).
# ruff: noqa: E501

__all__ = ["FRENCH"]

FRENCH: tuple[tuple[str, str], ...] = (
    (
        "chat",
        "bonjour, c'est [[P:Camille Moreau]], ma commande [[~ORDER_NUMBER:CMD-448213]] n'est jamais arrivée",
    ),
    ("chat", "Mon adresse a changé : [[ADDR:27 avenue des Ternes, 75017 Paris]]. Merci !"),
    ("chat", "je m'appelle [[P:rené lévesque-martin]] et mon numéro est le [[PH:06 98 76 54 32]]"),
    (
        "chat",
        "Le logiciel en version [[~VERSION:4.2.0.117]] plante au démarrage, facture [[~INVOICE_NUMBER:FA-2024-0098]].",
    ),
    ("sms", "Salut [[P:Léa]], rappelle-moi au [[PH:+33 (0)7 81 23 45 67]] ce soir"),
    (
        "sms",
        "Ton colis [[~TRACKING_NUMBER:6A12345678901]] est au relais, code [[~ORDER_NUMBER:8841]]",
    ),
    (
        "email_signature",
        "Bien à vous,\n\n[[P:François-Xavier Dupont]]\nDirecteur administratif\n[[PH:+33 1 44 55 66 77]]\n[[ADDR:18 boulevard Haussmann\n75009 Paris]]",
    ),
    ("email_signature", "Cordialement,\n[[P:Nathalie Girard]]\n[[EM:nathalie.girard@example.fr]]"),
    (
        "hr",
        "Nouvelle embauche : [[P:Youssef Benali]], né le [[DT/BIRTH_DATE:3 mars 1990]], n° de sécurité sociale [[ID/FR_NIR:1 90 03 75 115 023 81]].",
    ),
    (
        "hr",
        "Merci de verser le salaire de [[P:Chloé Bernard]] sur l'IBAN [[IBAN:FR76 3000 6000 0112 3456 7890 189]].",
    ),
    ("hr", "M. [[P:Thomas Petit]] sera absent du [[~DATE:12/08/2024]] au [[~DATE:26/08/2024]]."),
    (
        "care",
        "Visite chez Mme [[P:Marie-Claude Roux]], [[ADDR:5 impasse des Lilas, 31000 Toulouse]]. Pansement refait.",
    ),
    ("care", "Le fils de la patiente, [[P:Julien]], joignable au [[PH:07 11 22 33 44]]."),
    (
        "care",
        "Patient [[P:Ahmed Haddad]], carte Vitale [[ID/FR_NIR:246060616862266]], allergique à la pénicilline.",
    ),
    ("crm", "nom;prénom;email\n[[P:Fontaine]];[[P:Guy]];[[EM:guy.fontaine@example.fr]]"),
    (
        "crm",
        '{"client": "[[P:Sophie Laurent]]", "adresse": "[[ADDR:14 rue de la République, 13001 Marseille]]", "tel": "[[PH:04 91 12 34 56]]"}',
    ),
    (
        "logistics",
        "Livraison à [[ADDR:Résidence Les Pins, bât. B, 9 allée des Tilleuls\n44000 Nantes]], sonner chez [[P:Durand]].",
    ),
    (
        "logistics",
        "Le transporteur n'a pas trouvé le [[ADDR:3 bis rue du Moulin, 67000 Strasbourg]] ; merci d'appeler [[P:Karim]] au [[PH:03 88 12 34 56]].",
    ),
    (
        "chat",
        "Customer writes: please ship to my mother at [[ADDR:12 rue Sainte-Catherine, 33000 Bordeaux]], she is [[P:Hélène Martin]].",
    ),
    (
        "logistics",
        "Pickup from our French supplier at [[ADDR:ZI des Chanoux, 49 rue Louis Blériot\n93330 Neuilly-sur-Marne\nFrance]], contact [[P:Pascal]].",
    ),
    (
        "hr",
        "The candidate [[P:Amélie Rousseau]] gave her address as [[ADDR:8 place du Capitole, 31000 Toulouse]] and phone [[PH:+33 5 61 22 29 22]].",
    ),
    (
        "crm",
        "Ticket [[~TICKET_ID:CS-77120]]: client [[P:Benoît Lemaire]] (Québec) - [[ADDR:455 rue Saint-Jean, Québec (Québec) G1R 1P3]]",
    ),
    (
        "care",
        "English note: patient [[P:Élodie Fabre]] moved from [[ADDR:22 rue de Rivoli, 75004 Paris]] to [[LOC:Geneva]].",
    ),
    ("sms", "Hi! Address in Brussels: [[ADDR:Rue de la Loi 16, 1000 Bruxelles]] - [[P:Manon]]"),
    (
        "email_signature",
        "Meilleures salutations\n[[P:Laurent Favre]]\n[[ADDR:Rue du Rhône 42\n1204 Genève]]\n[[PH:+41 22 310 12 34]]",
    ),
)
