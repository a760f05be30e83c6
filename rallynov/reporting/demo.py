"""The editorial side of the two seed reports: titles and section texts, as the team wrote them.

Only words live here. Every figure of the reports is computed from the other parts' records when
the report is generated, so the texts below carry no number.
"""

from rallynov.reporting.models import ReportEdition

EDITIONS = {
    2014: {
        "cover_title": "Rally'nov, 2e édition : les innovations sociales s'affirment",
        "cover_subtitle": "Innovation sociale en Franche-Comté — bilan publié en janvier 2015",
        "intro": (
            "Identifier et valoriser des innovations sociales dans notre région ; mettre en lumière les "
            "conditions favorables à l'innovation sociale dans les entreprises et sur les territoires ; les faire "
            "partager au plus grand nombre : tels étaient les objectifs de cette deuxième édition de Rally'nov."
        ),
        "events_text": (
            "Quelles sont les conditions favorables à l'innovation sociale dans les entreprises ? Et sur les "
            "territoires ? Pour répondre à ces questions, deux rencontres ont réuni des représentants "
            "d'entreprises, ainsi que des acteurs socioéconomiques et institutionnels, dans les locaux de Pays de "
            "Montbéliard Agglomération puis de Juratri.\n\n"
            "Rally'nov est aussi allé à la rencontre d'un large public sur les salons régionaux : le « Printemps "
            "des solutions » avec le Mouves à Arc-et-Senans, le salon « Terre d'Industries » de la CCI de "
            "Haute-Saône, les plateaux Réseau du RIFC et le Salon d'affaires de l'ESS."
        ),
        "laureates_text": (
            "Sélectionnées parmi les candidatures déposées, les innovations lauréates ont été encouragées par un "
            "prix, remis à Besançon en présence de Steven Dhondt, référent du projet européen Euwin."
        ),
        "initiatives_text": (
            "Un site partenarial alimenté tout au long de l'année avec des actualités et des informations sur "
            "l'innovation sociale."
        ),
        "partners_text": (
            "En février, les partenaires se réunissent et s'impliquent dans l'organisation de la deuxième édition "
            "de Rally'nov. Au plan européen, le projet franc-comtois a été valorisé dans le projet Working "
            "Innovation Network (Euwin)."
        ),
        "next_year_text": (
            "Maintenir la rencontre annuelle autour des trophées ; diffuser, infuser et rediffuser.\n\n"
            "Les représentants de l'État et de la Région — Nathalie Bertin, adjointe au service développement "
            "économique de la Direccte Franche-Comté, Marie-France Vinot, cheffe de service « économie sociale et "
            "solidaire » au Conseil régional, Pierre Grosset, conseiller régional, et Jean Ribeil, directeur de la "
            "Direccte Franche-Comté — soutiennent le projet Rally'nov.\n\n"
            "« Ensemble, Entreprendre, Économie, tous ces mots commencent par la lettre E. Mettons tous les E dans "
            "le même panier, pour être plus performants et créer de l'emploi. » — Pierre Grosset\n\n"
            "« L'innovation sociale ça ne va pas de soi, nous devons continuer à travailler ensemble sur ce "
            "sujet. » — Jean Ribeil\n\n"
            "« L'innovation sociale n'est pas naturelle. Il faut franchir les murs. Il faut montrer ceux qui "
            "osent. » — Steven Dhondt"
        ),
        "credits": "Mise en page : Lydie Auger, Fact — Crédits photos : Fact",
    },
    2023: {
        "cover_title": "Une année de travail collaboratif et exploratoire",
        "cover_subtitle": "Rencontre régionale de l'innovation sociale en Bourgogne-Franche-Comté",
        "intro": (
            "Rally'nov, financé par l'État, la Région et le FSE, draine toujours plus de partenaires et "
            "d'entreprises."
        ),
        "events_text": (
            "La Rencontre de l'innovation sociale s'est tenue au Cinéma Olympia à Dijon. Son objectif : tirer des "
            "enseignements de pratiques socialement innovantes pour les diffuser au plus grand nombre. Des "
            "représentants des entreprises Blond Vénitien, Cogitec et l'Atelier Panel sont venus témoigner de leur "
            "expérience de la semaine de 4 jours, puis Jean-Edouard Grézy, anthropologue, a exposé ce qui se joue "
            "dans la coopération.\n\n"
            "Aux Défis de l'IS, salariés, directions, étudiants et retraités ont imaginé en groupes des solutions "
            "innovantes à des défis rencontrés par les entreprises, avec Olivier Pastor de l'Institut des Futurs "
            "Souhaitables."
        ),
        "laureates_text": (
            "Les Délices Bleus et Métalhom, lauréats 2022, ont reçu le Prix de l'innovation sociale lors de la "
            "Rencontre régionale."
        ),
        "initiatives_text": (
            "Vous identifiez des actions socialement innovantes sur le terrain ? Encouragez les entreprises à les "
            "faire valoir auprès de l'Aract Bourgogne-Franche-Comté."
        ),
        "studies_text": (
            "Une enquête auprès de salariés et de dirigeants sur leur retour d'expérience de la semaine de 4 jours "
            ": motivation, fonctionnement, impact sur la performance des entreprises et sur les conditions de "
            "travail. Objectif : tirer les enseignements de ce mode d'organisation du temps de travail."
        ),
        "partners_text": "Des partenaires engagés pour partager et valoriser l'innovation sociale sur notre territoire.",
        "next_year_text": (
            "Diffusion d'un Carnet de l'IS qui recensera l'ensemble des enseignements tirés de l'enquête sur la "
            "semaine de 4 jours. Plus d'informations à venir."
        ),
        "credits": "",
    },
}


def load(*, programme, log):
    for year, texts in EDITIONS.items():
        ReportEdition.objects.update_or_create(
            programme=programme, year=year, defaults={**texts, "is_published": True}
        )
    log(f"  {len(EDITIONS)} bilans annuels (textes éditoriaux des bilans 2014 et 2023)")
