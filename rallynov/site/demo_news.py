"""Demo news from the reports, and the 2014 audience measurement (generated to add up to the
report's figures: 3 000 visitors and 13 000 pages viewed)."""

import datetime
import io
import random
import warnings

from django.utils import timezone

from rallynov.site.models import NewsPage, PageViewDay, VisitorDay

# (slug, date, title, intro, paragraphs, tags)
NEWS = [
    (
        "une-vingtaine-de-partenaires-mobilises",
        datetime.date(2014, 2, 20),
        "Une vingtaine de partenaires mobilisés pour la 2e édition",
        "En février, une vingtaine de partenaires se réunit et s'implique dans l'organisation de la deuxième "
        "édition de Rally'nov.",
        [
            "Les structures représentées : Chambres de Métiers 70 et 39, Mutualité Française Franche-Comté, UPA "
            "régionale, Franche-Comté Active, BGE, Crédit Agricole, Chambre Régionale d'Agriculture, Agence de "
            "Développement et d'Urbanisme de Montbéliard, MFQ, UIMM, Cetim, Conseil régional et Direccte "
            "Franche-Comté, RIFC et la Cress.",
        ],
        ["Partenaires", "Édition 2014"],
    ),
    (
        "printemps-des-solutions-arc-et-senans",
        datetime.date(2014, 5, 15),
        "Rally'nov au « Printemps des solutions » à Arc-et-Senans",
        "En mai, Rally'nov est allé à la rencontre du public au « Printemps des solutions » avec le Mouves.",
        [
            "À travers des stands, des conférences et des temps d'information individuels et collectifs, "
            "Rally'nov a été présent sur plusieurs événements régionaux en 2014 : le Salon « Terre d'Industries » "
            "de la CCI de Haute-Saône en octobre, les plateaux Réseau de RIFC et le Salon d'affaires de l'ESS en "
            "décembre.",
        ],
        ["Salons", "Édition 2014"],
    ),
    (
        "rallynov-au-workshop-euwin-de-sofia",
        datetime.date(2014, 9, 30),
        "Rally'nov présenté au workshop Euwin de Sofia",
        "Le projet franc-comtois a fait l'objet d'une communication fin septembre au workshop de Sofia, en "
        "Bulgarie, dans le cadre du réseau européen Euwin.",
        [
            "Rally'nov est cité en référence sur le site internet du Working Innovation Network (Euwin). Steven "
            "Dhondt, l'un des référents de la Commission européenne, est venu présenter le projet à Besançon lors "
            "de la remise des prix aux lauréats.",
        ],
        ["Europe", "Euwin"],
    ),
    (
        "deuxieme-edition-les-innovations-sociales-s-affirment",
        datetime.date(2015, 1, 12),
        "Rally'nov, 2e édition : les innovations sociales s'affirment",
        "Identifier et valoriser des innovations sociales dans notre région, mettre en lumière les conditions "
        "favorables à l'innovation sociale, les faire partager au plus grand nombre : le bilan de la 2e édition.",
        [
            "Deux rencontres sur les conditions favorables à l'innovation sociale ont réuni des représentants "
            "d'entreprises et des acteurs socio-économiques et institutionnels, à Pays de Montbéliard "
            "Agglomération puis chez Juratri.",
            "Quatre initiatives ont été encouragées par un prix : le Drive fermier 39, Schrader, le Mas "
            "d'Héricourt et Vadapad.",
        ],
        ["Bilan", "Prix", "Édition 2014"],
    ),
    (
        "seminaire-de-lancement-2023",
        datetime.date(2023, 2, 28),
        "Séminaire de lancement 2023",
        "Des partenaires engagés pour partager et valoriser l'innovation sociale sur notre territoire.",
        ["Le séminaire de travail du 28 février 2023 a lancé une année de travail collaboratif et exploratoire."],
        ["Séminaire"],
    ),
    (
        "les-defis-de-l-is-une-journee-pour-innover",
        datetime.date(2023, 4, 4),
        "Les Défis de l'IS, une journée pour innover",
        "Des ateliers créatifs et collaboratifs pour imaginer des solutions aux défis sociaux et environnementaux "
        "des entreprises.",
        [
            "Salariés, directions, étudiants et retraités, répartis en groupes, ont imaginé des solutions "
            "innovantes. Olivier Pastor, de l'Institut des Futurs souhaitables, a mis en lumière les enjeux "
            "auxquels le monde du travail doit faire face.",
        ],
        ["Défis de l'IS", "Ateliers"],
    ),
    (
        "rencontre-regionale-2023-a-dijon",
        datetime.date(2023, 9, 26),
        "Rencontre régionale de l'innovation sociale à Dijon",
        "Le 26 septembre 2023, la Rencontre de l'innovation sociale s'est tenue au Cinéma Olympia à Dijon.",
        [
            "Des représentants des entreprises Blond Vénitien, Cogitec et l'Atelier Panel sont venus témoigner "
            "de la mise en place de la semaine de 4 jours.",
            "Les Délices Bleus et Métalhom, lauréats 2022, ont reçu le Prix de l'Innovation Sociale. Puis "
            "Jean-Edouard Grézy, anthropologue, a exposé ce qui se joue dans la coopération.",
        ],
        ["Rencontre régionale", "Semaine de 4 jours", "Prix"],
    ),
]

# Pages of the 2014 site and their share of the pages viewed.
AUDIENCE_PAGES_2014 = [
    ("/", "Accueil", 30),
    ("/initiatives/", "Observatoire des initiatives", 22),
    ("/actualites/", "Actualités", 10),
    ("/prix/", "Prix de l'innovation sociale", 9),
    ("/actualites/une-vingtaine-de-partenaires-mobilises/", "Une vingtaine de partenaires mobilisés", 4),
    ("/actualites/printemps-des-solutions-arc-et-senans/", "Rally'nov au « Printemps des solutions »", 3),
    ("/actualites/rallynov-au-workshop-euwin-de-sofia/", "Rally'nov présenté au workshop Euwin de Sofia", 4),
    ("/evenements/", "Événements", 8),
    ("/partenaires/", "Partenaires et financeurs", 5),
    ("/recherche/", "Rechercher sur le site", 3),
    ("/mentions-legales/", "Mentions légales", 2),
]
# The renditions the news templates use (news_card.html, news_page.html).
RENDITIONS = ("fill-320x200", "width-800")
VISITORS_2014 = 3000
PAGE_VIEWS_2014 = 13000


def _paragraph(text):
    from django.utils.html import escape

    return ("paragraph", f"<p>{escape(text)}</p>")


def _illustration(title, seed):
    """A generated banner (the reports' photos are not in the seeds), with its description as alt."""
    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from PIL import ImageDraw
    from wagtail.images.models import Image
    from wagtail.models import Collection

    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    rng = random.Random(seed)
    picture = PILImage.new("RGB", (640, 360), (0, 86, 107))
    draw = ImageDraw.Draw(picture)
    for _ in range(14):
        x, y, r = rng.randint(0, 640), rng.randint(0, 360), rng.randint(20, 110)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=rng.choice([(168, 56, 10), (243, 246, 247), (0, 58, 72)]))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    # The root collection comes from Wagtail's migrations; a flushed test database lacks it.
    collection = Collection.get_first_root_node() or Collection.add_root(name="Root")
    image = Image.objects.create(
        collection=collection,
        title=title,
        description=f"Illustration abstraite (cercles de couleur) pour l'actualité « {title} »",
        file=ImageFile(buffer, name=f"demo-{seed}.png"),
    )
    # Renditions made now rather than on the first visit. Wagtail leaves the temporary file of a
    # new rendition to the garbage collector, which warns (ResourceWarning) about it.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        image.get_renditions(*RENDITIONS)
    return image


def load_news(*, programme, index_page, log):
    existing = set(NewsPage.objects.child_of(index_page).values_list("slug", flat=True))
    for position, (slug, date, title, intro, paragraphs, tags) in enumerate(NEWS):
        if slug in existing:
            continue
        published = timezone.make_aware(datetime.datetime.combine(date, datetime.time(9, 0)))
        article = NewsPage(
            title=title,
            slug=slug,
            programme=programme,
            date=date,
            intro=intro,
            body=[_paragraph(text) for text in paragraphs],
            image=_illustration(title, position) if position in (2, 6) else None,
            live=True,
            first_published_at=published,
            last_published_at=published,
        )
        article.tags.add(*tags)
        index_page.add_child(instance=article)
    log(f"  actualités : {NewsPage.objects.child_of(index_page).count()}")
    return index_page


def _apportion(total, weights):
    """Split `total` into integers proportional to `weights` that add up exactly (largest remainder)."""
    weight_sum = sum(weights)
    shares = [total * w / weight_sum for w in weights]
    counts = [int(s) for s in shares]
    for i in sorted(range(len(shares)), key=lambda i: shares[i] - counts[i], reverse=True)[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _day_weight(day, rng):
    weight = 1.0 if day.weekday() < 5 else 0.45
    if day.month == 8:
        weight *= 0.5
    # Busier around the February committee, the May fair, the autumn meetings and the prize.
    if (day.month, day.day // 10) in {(2, 2), (5, 1), (9, 2), (10, 1), (12, 0), (12, 1)}:
        weight *= 1.8
    return weight * rng.uniform(0.7, 1.3)


def load_audience_2014(*, programme, log):
    """Daily aggregates of 2014 adding up to exactly 3 000 visitors and 13 000 pages viewed."""
    if VisitorDay.objects.filter(programme=programme, day__year=2014).exists():
        return
    rng = random.Random(2014)
    days = [datetime.date(2014, 1, 1) + datetime.timedelta(days=i) for i in range(365)]
    weights = [_day_weight(day, rng) for day in days]
    visitors = _apportion(VISITORS_2014, weights)
    views = _apportion(PAGE_VIEWS_2014, [v * rng.uniform(3.6, 5.0) + 0.01 for v in visitors])
    page_weights = [w for _, _, w in AUDIENCE_PAGES_2014]
    day_rows, page_rows = [], []
    for day, day_visitors, day_views in zip(days, visitors, views, strict=True):
        day_rows.append(VisitorDay(programme=programme, day=day, visitors=day_visitors, is_generated=True))
        counts = _apportion(day_views, [w * rng.uniform(0.5, 1.5) for w in page_weights])
        for (path, title, _), count in zip(AUDIENCE_PAGES_2014, counts, strict=True):
            if count:
                page_rows.append(
                    PageViewDay(programme=programme, day=day, path=path, title=title, views=count, is_generated=True)
                )
    VisitorDay.objects.bulk_create(day_rows)
    PageViewDay.objects.bulk_create(page_rows, batch_size=500)
    log(f"  audience 2014 : {sum(visitors)} visiteurs, {sum(views)} pages consultées (générées)")
