"""Building blocks of the prize demo: initiatives, editions, jury, scores, decisions, follow-ups."""

import datetime
from decimal import Decimal

from rallynov.awards.demo.seeds import CRITERIA, JURY, OTHER_TITLES, PARIS, QUESTIONS


def paris(*args):
    return datetime.datetime(*args, tzinfo=PARIS)


def catalogue_page(programme):
    from wagtail.models import Page

    from rallynov.initiatives.models import CataloguePage
    from rallynov.site.models import HomePage

    catalogue = CataloguePage.objects.first()
    if catalogue is None:
        home = HomePage.objects.first() or Page.get_first_root_node()
        catalogue = CataloguePage(title="Les initiatives", slug="initiatives")
        home.add_child(instance=catalogue)
    return catalogue


def _commune(name):
    from rallynov.territories.queries import resolve_commune

    if not name:
        return None
    try:
        return resolve_commune(name)
    except Exception:  # an unknown or ambiguous name in reference data: leave the commune empty
        return None


def laureate_initiative(programme, catalogue, spec, year, log):
    """The catalogue's record for a laureate named in the reports, else a minimal published one."""
    from rallynov.initiatives.enums import Source
    from rallynov.initiatives.models import InitiativePage
    from rallynov.organizations.domain import get_or_create_organization

    title, org_name, kind, commune_name, summary = spec
    commune = _commune(commune_name)
    organization, _ = get_or_create_organization(name=org_name, kind=kind, commune=commune)
    # The catalogue's demo may title the sheet a little differently ("Métalhom, l'humain au cœur…").
    initiative = (
        InitiativePage.objects.filter(title__iexact=title).first()
        or InitiativePage.objects.filter(title__istartswith=title).order_by("pk").first()
        or InitiativePage.objects.filter(organizations__name__iexact=org_name).order_by("pk").first()
    )
    if initiative is None:
        log(f"  initiative « {title} » absente du catalogue : création d'une fiche minimale")
        initiative = InitiativePage(
            title=title,
            summary=summary,
            programme=programme,
            year=year,
            source=Source.PRIZE,
            main_commune=commune,
        )
        catalogue.add_child(instance=initiative)
        initiative.save_revision().publish()
        initiative.organizations.add(organization)
        if commune:
            initiative.communes.add(commune)
    else:
        organization = initiative.organizations.first() or organization
    return initiative, organization


def other_initiatives(programme, catalogue, year, count, exclude, rng):
    """Initiatives of the catalogue recorded by `year` to stand as the other applicants; when the
    catalogue has too few, generated draft initiatives (not shown in the catalogue)."""
    from rallynov.initiatives.enums import Source
    from rallynov.initiatives.models import InitiativePage
    from rallynov.organizations.models import Organization

    pool = list(
        InitiativePage.objects.live()
        .filter(programme=programme, year__lte=year, laureate_year__isnull=True)
        .exclude(pk__in=exclude)
        .order_by("pk")[: count * 3]
    )
    rng.shuffle(pool)
    chosen = pool[:count]
    result = []
    for initiative in chosen:
        organization = initiative.organizations.first()
        if organization is None:
            organization = Organization.objects.create(
                name=f"Structure de « {initiative.title} »", kind="association", is_generated=True
            )
        result.append((initiative, organization))
    index = 0
    while len(result) < count:
        title = f"{OTHER_TITLES[index % len(OTHER_TITLES)]} ({year})"
        index += 1
        organization = Organization.objects.create(
            name=f"Association {title}", kind="association", is_generated=True
        )
        initiative = InitiativePage(
            title=title,
            programme=programme,
            year=year,
            source=Source.PRIZE,
            live=False,
            is_generated=True,
            summary="Initiative fictive créée par la démonstration pour compléter une édition du prix.",
        )
        catalogue.add_child(instance=initiative)
        initiative.organizations.add(organization)
        result.append((initiative, organization))
    return result


def create_edition(
    programme, *, year, title, opens, closes, awarded_on, prize_count, prize_amount, generated, normalise=True
):
    from rallynov.awards.models import Criterion, Edition, Question

    edition = Edition.objects.create(
        programme=programme,
        year=year,
        title=title,
        intro="Le prix distingue des initiatives socialement innovantes d'entreprises, d'associations et de "
        "collectivités de la région, pour les faire connaître et les encourager.",
        rules="<p>Le prix est ouvert aux structures dont l'initiative est mise en œuvre dans la région. "
        "Le dossier est déposé en ligne avant la clôture ; le jury, composé de partenaires du programme, "
        "note chaque dossier selon la grille publiée. Les membres du jury déclarent leurs conflits "
        "d'intérêts et ne notent pas les dossiers concernés.</p>",
        eligible_region=programme.region if year >= 2016 else None,
        opens_at=opens,
        closes_at=closes,
        prize_count=prize_count,
        prize_amount=prize_amount,
        score_min=0,
        score_max=5,
        reviews_per_application=3,
        normalise_scores=normalise,
        awarded_on=awarded_on,
        is_generated=generated,
    )
    for position, (name, description, weight) in enumerate(CRITERIA):
        Criterion.objects.create(
            edition=edition, sort_order=position, name=name, description=description, weight=weight
        )
    for position, (label, kind, choices, required) in enumerate(QUESTIONS):
        Question.objects.create(
            edition=edition, sort_order=position, label=label, kind=kind, choices=choices, required=required
        )
    return edition


def _jury(edition, rng, generated=True):
    from rallynov.accounts import roles
    from rallynov.accounts.domain import add_to_group
    from rallynov.accounts.models import User
    from rallynov.awards.models import JuryMember
    from rallynov.organizations.enums import PersonRole
    from rallynov.organizations.models import Organization, Person, Role

    members = []
    for position, (first, last, org_name) in enumerate(JURY):
        email = f"{first}.{last}@jury.rallynov.example".lower().replace("é", "e")
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, None, first_name=first, last_name=last)
            add_to_group(user, roles.JUROR)
        person = Person.objects.filter(user=user).first()
        if person is None:
            organization = Organization.objects.filter(name=org_name).first()
            person = Person.objects.create(
                first_name=first,
                last_name=last,
                email=email,
                user=user,
                organization=organization,
                is_generated=True,
            )
            Role.objects.create(person=person, role=PersonRole.JUROR, organization=organization)
        members.append(
            JuryMember.objects.create(
                edition=edition,
                user=user,
                person=person,
                is_president=position == 0,
                is_generated=generated,
                conflicts_declared_at=edition.closes_at,
            )
        )
    return members


def _score(edition, members, applications, laureate_ids, rng):
    """Assign each dossier to 3 members (balanced) and generate scores: laureates are strong,
    each member has their own severity."""
    from rallynov.awards.domain import weighted_score
    from rallynov.awards.models import Assignment, Score

    criteria = list(edition.criteria.all())
    severity = {m.pk: rng.uniform(-0.5, 0.5) for m in members}
    load = {m.pk: 0 for m in members}
    for application in applications:
        quality = rng.uniform(4.1, 4.6) if application.pk in laureate_ids else rng.uniform(1.8, 3.4)
        chosen = sorted(members, key=lambda m: (load[m.pk], rng.random()))[: edition.reviews_per_application]
        for member in chosen:
            load[member.pk] += 1
            values = {}
            for criterion in criteria:
                raw = quality + severity[member.pk] + rng.uniform(-0.6, 0.6)
                values[criterion.pk] = max(edition.score_min, min(edition.score_max, round(raw)))
            recommendation = "laureate" if application.pk in laureate_ids else "not_selected"
            assignment = Assignment.objects.create(
                member=member,
                application=application,
                recommendation=recommendation,
                comment="Dossier solide et bien argumenté."
                if application.pk in laureate_ids
                else "Initiative intéressante, impact encore à démontrer.",
                weighted_score=weighted_score(values, criteria),
                submitted_at=edition.closes_at + datetime.timedelta(days=20),
                is_generated=True,
            )
            Score.objects.bulk_create(
                Score(assignment=assignment, criterion_id=c, value=v) for c, v in values.items()
            )


def _decide(edition, laureate_ids, president, log):
    """Record the decisions from the ranking and check that it gives the real laureates."""
    from rallynov.awards.enums import Outcome
    from rallynov.awards.models import Decision
    from rallynov.awards.queries import ranking

    rows = ranking(edition)
    top = {row.application_id for row in rows[: len(laureate_ids)]}
    if top != set(laureate_ids):
        raise RuntimeError(f"Démo du prix {edition.year} : le classement ne donne pas les lauréats attendus.")
    for row in rows:
        is_laureate = row.application_id in laureate_ids
        Decision.objects.create(
            application=row.application,
            outcome=Outcome.LAUREATE if is_laureate else Outcome.NOT_SELECTED,
            motive=(
                f"Classé {row.rank}ᵉ par le jury : initiative exemplaire, utile et reproductible."
                if is_laureate
                else f"Classé {row.rank}ᵉ : le jury encourage la structure à candidater de nouveau."
            ),
            amount=edition.prize_amount if is_laureate else Decimal(0),
            decided_by=president.user,
        )


def _publish(edition, laureate_initiatives, published_at):
    from rallynov.initiatives.domain import set_laureate

    edition.deliberation_open = True
    edition.published_at = published_at
    edition.save(update_fields=["deliberation_open", "published_at"])
    for initiative in laureate_initiatives:
        set_laureate(initiative=initiative, year=edition.year)


def build_edition(
    programme,
    catalogue,
    rng,
    log,
    *,
    year,
    title,
    opens,
    closes,
    awarded_on,
    published_at,
    laureates,
    total,
    prize_amount,
    generated,
):
    from rallynov.awards.enums import ApplicationStatus
    from rallynov.awards.models import Application

    edition = create_edition(
        programme,
        year=year,
        title=title,
        opens=opens,
        closes=closes,
        awarded_on=awarded_on,
        prize_count=len(laureates),
        prize_amount=prize_amount,
        generated=generated,
    )
    members = _jury(edition, rng, generated=True)
    pairs = list(laureates)
    pairs += other_initiatives(programme, catalogue, year, total - len(pairs), [i.pk for i, _ in pairs], rng)
    rng.shuffle(pairs)
    applications = []
    for number, (initiative, organization) in enumerate(pairs, start=1):
        submitted = opens + (closes - opens) * rng.uniform(0.3, 0.99)
        applications.append(
            Application.objects.create(
                edition=edition,
                number=number,
                organization=organization,
                initiative=initiative,
                status=ApplicationStatus.ELIGIBLE,
                submitted_at=submitted,
                answers={
                    f"q{q.pk}": "Réponse reprise du dossier papier."
                    for q in edition.questions.all()
                    if q.kind in ("long_text", "text")
                },
                is_generated=generated or initiative.is_generated,
            )
        )
    laureate_ids = {a.pk for a in applications if a.initiative_id in {i.pk for i, _ in laureates}}
    _score(edition, members, applications, laureate_ids, rng)
    _decide(edition, laureate_ids, members[0], log)
    _publish(edition, [i for i, _ in laureates], published_at)
    log(f"  {edition} : {len(applications)} dossiers, {len(laureates)} lauréat(s)")
    return edition


def follow_ups(programme, log):
    """Dated 2023 follow-ups on six former laureates (the 2023 report's figure), made up to reach
    it and so marked as generated."""
    from rallynov.awards.enums import Outcome
    from rallynov.awards.figures import figures
    from rallynov.awards.models import Application
    from rallynov.initiatives.models import FollowUp

    def current():
        return next(
            f.value
            for f in figures(programme=programme, year=2023)
            if f.key == "awards.laureate_sheets_updated"
        )

    missing = 6 - current()
    former = (
        Application.objects.filter(
            edition__programme=programme,
            edition__awarded_on__year__lt=2023,
            decision__outcome=Outcome.LAUREATE,
        )
        .select_related("initiative", "edition")
        .order_by("edition__year", "number")
    )
    done = set(FollowUp.objects.filter(date__year=2023).values_list("initiative_id", flat=True))
    texts = [
        ("Nouvelles embauches", "L'initiative s'est étendue ; deux emplois ont été créés.", 2, 120),
        ("Essaimage sur un second site", "Un second site a ouvert dans un département voisin.", 1, 300),
        ("Bilan annuel", "La structure a présenté ses résultats à la Rencontre régionale.", 0, 80),
    ]
    for position, application in enumerate(former):
        if missing <= 0:
            break
        if application.initiative_id in done:
            continue
        title, text, jobs, people = texts[position % len(texts)]
        FollowUp.objects.create(
            initiative=application.initiative,
            date=datetime.date(2023, 3 + position, 15),
            title=f"{title} (suivi de lauréat)",
            text=text,
            jobs_created=jobs,
            people_reached=people,
            is_generated=True,
        )
        done.add(application.initiative_id)
        missing -= 1
    log(f"  suivis 2023 d'anciens lauréats : {current()}")
