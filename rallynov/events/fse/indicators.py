"""The FSE+ common output indicators of participants (Regulation (EU) 2021/1057, Annex I), per
operation (a co-financed event) and for the year: the one function the funders' page, its XLSX and
`rallynov indicators` call.

Participants are the people present (as for the key figure "Participants aux événements"). Every
count of a characteristic below 5 is shown « < 5 » (statistical confidentiality); the number of
participants who answered and its share are given beside, so that a reader knows how far the
counts go.
"""

from collections import Counter

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from rallynov.events.fse.enums import SENSITIVE_FIELDS, AgeBand, EducationLevel, Gender, LabourStatus
from rallynov.events.fse.models import ParticipantProfile, ParticipantSensitiveProfile
from rallynov.events.models import PARIS
from rallynov.events.queries import events_of_year, present_registrations

SMALL_CELL = 5
MASK = "< 5"

# (key, label, field, values counted): the rows of Annex I, in its order.
PROFILE_INDICATORS = (
    ("female", "Femmes", "gender", {Gender.FEMALE}),
    ("male", "Hommes", "gender", {Gender.MALE}),
    ("non_binary", "Personnes non binaires", "gender", {Gender.NON_BINARY}),
    (
        "unemployed",
        "Chômeurs, y compris les chômeurs de longue durée",
        "labour_status",
        {LabourStatus.UNEMPLOYED, LabourStatus.LONG_TERM_UNEMPLOYED},
    ),
    (
        "long_term_unemployed",
        "Chômeurs de longue durée",
        "labour_status",
        {LabourStatus.LONG_TERM_UNEMPLOYED},
    ),
    ("inactive", "Personnes inactives", "labour_status", {LabourStatus.INACTIVE}),
    (
        "employed",
        "Personnes exerçant un emploi, y compris les indépendants",
        "labour_status",
        {LabourStatus.EMPLOYED, LabourStatus.SELF_EMPLOYED},
    ),
    ("under_18", "Enfants de moins de 18 ans", "age_band", {AgeBand.UNDER_18}),
    ("below_30", "Participants de moins de 30 ans", "age_band", {AgeBand.UNDER_18, AgeBand.FROM_18_TO_29}),
    ("above_54", "Participants de plus de 54 ans", "age_band", {AgeBand.FROM_55}),
    (
        "isced_0_2",
        "Niveau d'enseignement primaire ou premier cycle du secondaire (CITE 0 à 2)",
        "education_level",
        {EducationLevel.ISCED_0_2},
    ),
    (
        "isced_3_4",
        "Deuxième cycle du secondaire ou post-secondaire non supérieur (CITE 3 et 4)",
        "education_level",
        {EducationLevel.ISCED_3_4},
    ),
    ("isced_5_8", "Enseignement supérieur (CITE 5 à 8)", "education_level", {EducationLevel.ISCED_5_8}),
)
SENSITIVE_INDICATORS = (
    ("disability", "Participants handicapés"),
    ("third_country_national", "Ressortissants de pays tiers"),
    ("foreign_background", "Participants d'origine étrangère"),
    ("minority", "Minorités (y compris les communautés marginalisées telles que les Roms)"),
    ("homeless", "Personnes sans domicile fixe ou confrontées à l'exclusion de leur logement"),
    ("rural_area", "Participants issus de zones rurales"),
)
assert [k for k, _l in SENSITIVE_INDICATORS] == [f for f, _l, _s in SENSITIVE_FIELDS]


def mask(count):
    """A count of a characteristic as published: « < 5 » below 5 people (0 included)."""
    return MASK if count < SMALL_CELL else count


def _share(part, whole):
    return round(100 * part / whole, 1) if whole else None


def _block(participants, answered, counts, sensitive_answered, sensitive_counts, include_sensitive):
    block = {
        "participants": participants,
        "answered": answered,
        "answered_share": _share(answered, participants),
        "indicators": [
            {"key": key, "label": label, "value": mask(counts[key])}
            for key, label, _f, _v in PROFILE_INDICATORS
        ],
    }
    if include_sensitive:
        block["sensitive_answered"] = sensitive_answered
        block["sensitive_answered_share"] = _share(sensitive_answered, participants)
        block["sensitive"] = [
            {"key": key, "label": label, "value": mask(sensitive_counts[key])}
            for key, label in SENSITIVE_INDICATORS
        ]
    return block


def fse_indicators(*, programme, year, include_sensitive=False, now=None):
    """{"year", "programme", "operations": [{"id", "title", "date", <block>}], "total": <block>,
    "sensitive_included"}, where <block> is {"participants", "answered", "answered_share",
    "indicators": [{"key", "label", "value"}] (+ "sensitive…" when `include_sensitive`, which the
    caller grants with `events.fse.rules.can_read_sensitive`)}. Values are masked (« < 5 »)."""
    held = events_of_year(programme, year).filter(fse_cofinanced=True, starts_at__lte=now or timezone.now())
    events = list(held.select_related(None).values_list("pk", "title", "starts_at"))
    present = present_registrations([pk for pk, _t, _s in events])
    participants = Counter(dict(present.order_by().values_list("event_id").annotate(n=Count("pk"))))

    answered, counts = Counter(), {pk: Counter() for pk, _t, _s in events}
    rows = (
        ParticipantProfile.objects.filter(registration__in=present, erased_at__isnull=True)
        .order_by()
        .values_list("registration__event_id", "gender", "age_band", "labour_status", "education_level")
        .annotate(n=Count("pk"))
    )
    fields = ("gender", "age_band", "labour_status", "education_level")
    for event_id, *values, n in rows:
        answered[event_id] += n
        given = dict(zip(fields, values, strict=True))
        for key, _label, field, wanted in PROFILE_INDICATORS:
            if given[field] in wanted:
                counts[event_id][key] += n

    sensitive_answered, sensitive_counts = Counter(), {pk: Counter() for pk, _t, _s in events}
    if include_sensitive:
        names = [key for key, _l in SENSITIVE_INDICATORS]
        rows = (
            ParticipantSensitiveProfile.objects.filter(registration__in=present, erased_at__isnull=True)
            .order_by()
            .values_list("registration__event_id", *names)
            .annotate(n=Count("pk"))
        )
        for event_id, *values, n in rows:
            sensitive_answered[event_id] += n
            for key, value in zip(names, values, strict=True):
                if value:
                    sensitive_counts[event_id][key] += n

    operations = []
    for pk, title, starts_at in events:
        operations.append(
            {
                "id": pk,
                "title": title,
                "date": timezone.localtime(starts_at, PARIS).date().isoformat(),
                **_block(
                    participants[pk],
                    answered[pk],
                    counts[pk],
                    sensitive_answered[pk],
                    sensitive_counts[pk],
                    include_sensitive,
                ),
            }
        )
    total_counts, total_sensitive = Counter(), Counter()
    for pk, _t, _s in events:
        total_counts.update(counts[pk])
        total_sensitive.update(sensitive_counts[pk])
    total = _block(
        sum(participants[pk] for pk, _t, _s in events),
        sum(answered[pk] for pk, _t, _s in events),
        total_counts,
        sum(sensitive_answered[pk] for pk, _t, _s in events),
        total_sensitive,
        include_sensitive,
    )
    return {
        "year": year,
        "programme": programme.slug,
        "operations": operations,
        "total": total,
        "sensitive_included": include_sensitive,
        "note": _("Comptages de moins de 5 personnes masqués (« < 5 »)."),
    }
