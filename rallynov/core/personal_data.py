"""Personal data (RGPD): the register of processing activities, retention (`rallynov purge`),
and one person's right of access (JSON export) and right to erasure.

Everything works from the declarations: each app's `privacy.PROCESSING` (see core.privacy)
plus the two that belong to the platform itself (accounts and the audit trail), declared here.
Erasure anonymises, it never deletes: an erased participant still counts as a participant.
"""

import json
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from rallynov.core import audit
from rallynov.core.privacy import Processing, all_processing

# Fields that say "this record has already been anonymised" (it is skipped by purge and erasure).
ERASED_MARKERS = ("erased_at", "anonymised_at", "anonymized_at")
ERASED_ACCOUNT_DOMAIN = "efface.invalid"


def anonymise_accounts(queryset):
    """Accounts: the e-mail becomes a unique placeholder, names go, the account can no longer
    log in; what the person did (applications, scores…) stays linked to an anonymous account."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from django.contrib.auth.hashers import make_password

    from rallynov.core.models import AuditEntry

    count = 0
    for user in queryset:
        user.email = f"compte-{user.pk}@{ERASED_ACCOUNT_DOMAIN}"
        user.first_name = ""
        user.last_name = ""
        user.is_active = False
        user.password = make_password(None)
        user.save(update_fields=["email", "first_name", "last_name", "is_active", "password"])
        EmailAddress.objects.filter(user=user).delete()
        Authenticator.objects.filter(user=user).delete()
        # The journal keeps what was done, no longer by whom by name.
        AuditEntry.objects.filter(actor=user).update(actor_label=f"compte effacé n° {user.pk}")
        count += 1
    return count


def anonymise_journal_authors(queryset):
    return queryset.update(actor=None, actor_label="auteur anonymisé")


@dataclass(frozen=True)
class AccountProcessing(Processing):
    """Accounts expire from the last login (or from sign-up when never used)."""

    def expired(self, cutoff):
        model = self.get_model()
        return model.objects.filter(
            models.Q(last_login__lt=cutoff) | models.Q(last_login__isnull=True, date_joined__lt=cutoff),
            is_superuser=False,
            is_staff=False,
        ).exclude(email__endswith="@" + ERASED_ACCOUNT_DOMAIN)


PLATFORM_PROCESSING = [
    AccountProcessing(
        model=settings.AUTH_USER_MODEL,
        name="Comptes des utilisateurs",
        purpose="Permettre aux porteurs, jurés, partenaires et à l'équipe de se connecter et de suivre leurs dossiers.",
        legal_basis="exécution d'un contrat (conditions d'utilisation du service)",
        fields=("email", "first_name", "last_name", "last_login"),
        retention="3 ans après la dernière connexion (comptes de l'équipe exclus)",
        retention_days=3 * 365,
        date_field="last_login",
        email_field="email",
        recipients="Équipe du programme",
        anonymise=anonymise_accounts,
    ),
    Processing(
        model="core.AuditEntry",
        name="Journal des modifications",
        purpose="Savoir qui a modifié quoi et quand sur les dossiers, notes, décisions, inscriptions et initiatives (sécurité, traçabilité).",
        legal_basis="intérêt légitime (sécurité et traçabilité des décisions)",
        fields=("actor", "actor_label"),
        retention="5 ans après la modification, puis l'auteur est anonymisé",
        retention_days=5 * 365,
        date_field="at",
        email_field="actor_label",
        recipients="Équipe du programme",
        anonymise=anonymise_journal_authors,
    ),
]


def every_processing():
    """The platform's declarations, then each app's, in INSTALLED_APPS order."""
    return [*PLATFORM_PROCESSING, *all_processing()]


# --- Register -----------------------------------------------------------------------------------


def resolve_field(model, path):
    """The field named by `path`, following relations ("edition__closes_at"); raises
    FieldDoesNotExist when a declaration names a field that is not there."""
    *relations, last = path.split("__")
    for name in relations:
        model = model._meta.get_field(name).related_model
    return model._meta.get_field(last)


def _field_label(model, name):
    try:
        field = resolve_field(model, name)
    except Exception:  # noqa: BLE001 - a declared field that does not exist is shown as declared
        return name
    label = getattr(field, "verbose_name", None)
    if label is None and getattr(field, "related_model", None) is not None:
        label = field.related_model._meta.verbose_name_plural
    return str(label or name)


def register():
    """The register of processing activities, one dict per processing, generated from the
    declarations and the models (field labels, number of records)."""
    rows = []
    for processing in every_processing():
        model = processing.get_model()
        rows.append(
            {
                "name": processing.name,
                "model": processing.model,
                "model_label": str(model._meta.verbose_name_plural),
                "purpose": processing.purpose,
                "legal_basis": processing.legal_basis,
                "fields": [(name, _field_label(model, name)) for name in processing.fields],
                "retention": processing.retention,
                "retention_days": processing.retention_days,
                "recipients": processing.recipients,
                "records": model._default_manager.count(),
                "can_anonymise": processing.anonymise is not None,
                "searchable_by_email": bool(processing.email_field),
            }
        )
    return rows


# Models whose e-mail field is an organisation's generic mailbox, not a person's data.
NOT_PERSONAL = {
    "core.Programme": "adresse de contact générique du programme",
    "rallynov_site.SiteSettings": "adresse de contact générique du site",
}


def undeclared_personal_models():
    """Models of rallynov with an e-mail or phone field that no processing declares."""
    declared = {p.get_model() for p in every_processing()}
    from django.apps import apps

    found = []
    for model in apps.get_models():
        if (
            not model.__module__.startswith("rallynov.")
            or model in declared
            or model._meta.proxy
            or model._meta.label in NOT_PERSONAL
        ):
            continue
        personal = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.EmailField) or f.name in {"phone", "telephone", "mobile"}
        ]
        if personal:
            found.append((model._meta.label, personal))
    return sorted(found)


# --- Retention ----------------------------------------------------------------------------------


def _has_field(model, name):
    from django.core.exceptions import FieldDoesNotExist

    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def _not_erased(queryset, processing=None):
    """Leave out records already anonymised: by their marker field (`erased_at`…) when the model
    has one, else those whose declared identifying fields (text, e-mail, links) are all blank."""
    model = queryset.model
    for marker in ERASED_MARKERS:
        if not _has_field(model, marker):
            continue
        return queryset.filter(**{f"{marker}__isnull": True})
    if processing is None:
        return queryset
    blank = models.Q()
    checked = 0
    for name in processing.fields:
        if not _has_field(model, name):
            continue  # paths through relations are not checked here
        field = model._meta.get_field(name)
        if not getattr(field, "concrete", False) or isinstance(field, (models.TextField, models.JSONField)):
            continue
        if field.is_relation:
            blank &= models.Q(**{f"{name}__isnull": True})
        elif isinstance(field, models.CharField):
            blank &= models.Q(**{name: ""}) | models.Q(**{f"{name}__isnull": True})
        else:
            blank &= models.Q(**{f"{name}__isnull": True})
        checked += 1
    return queryset.exclude(blank) if checked else queryset


def expired_records(processing, *, now=None):
    """The records of `processing` past their retention period (not yet anonymised)."""
    if processing.retention_days is None:
        return None
    cutoff = (now or timezone.now()) - timedelta(days=processing.retention_days)
    if hasattr(processing, "expired"):
        queryset = processing.expired(cutoff)
    else:
        model = processing.get_model()
        field = resolve_field(model, processing.date_field)
        if isinstance(field, models.DateTimeField):
            queryset = model._default_manager.filter(**{f"{processing.date_field}__lt": cutoff})
        else:
            queryset = model._default_manager.filter(**{f"{processing.date_field}__lt": cutoff.date()})
    return _not_erased(queryset, processing)


@dataclass
class PurgeLine:
    processing: Processing
    count: int
    done: bool
    reason: str = ""


def purge(*, dry_run=False, now=None, actor=None):
    """Anonymise every record past its retention period, processing by processing, each in its
    own transaction. Returns one PurgeLine per processing. Writes one journal entry per
    anonymised record (without personal data)."""
    lines = []
    for processing in every_processing():
        queryset = expired_records(processing, now=now)
        if queryset is None:
            lines.append(PurgeLine(processing, 0, False, "conservé tant que dure la finalité"))
            continue
        with transaction.atomic():
            pks = list(queryset.select_for_update().values_list("pk", flat=True))
            if not pks:
                lines.append(PurgeLine(processing, 0, True))
                continue
            if processing.anonymise is None:
                lines.append(
                    PurgeLine(processing, len(pks), False, "aucune fonction d'anonymisation déclarée")
                )
                continue
            if dry_run:
                lines.append(PurgeLine(processing, len(pks), False, "simulation"))
                continue
            model = processing.get_model()
            processing.anonymise(model._default_manager.filter(pk__in=pks))
            if model._meta.label != "core.AuditEntry":
                for obj in model._default_manager.filter(pk__in=pks):
                    audit.record(
                        actor=actor or "rallynov purge",
                        action="rgpd_purge",
                        obj=obj,
                        note=f"Durée de conservation dépassée : {processing.retention}.",
                    )
            lines.append(PurgeLine(processing, len(pks), True))
    return lines


# --- One person's data ----------------------------------------------------------------------------


def _records_for(processing, email):
    if not processing.email_field or not email:
        return None
    model = processing.get_model()
    return model._default_manager.filter(**{f"{processing.email_field}__iexact": email.strip()}).order_by(
        "pk"
    )


def person_records(email):
    """[(processing, [objects…])] for every declared processing holding this e-mail."""
    found = []
    for processing in every_processing():
        queryset = _records_for(processing, email)
        if queryset is None:
            continue
        objects = list(queryset)
        if objects:
            found.append((processing, objects))
    return found


def _serialise(obj):
    data = {}
    for field in obj._meta.concrete_fields:
        if field.name in {"password"}:
            continue
        value = field.value_from_object(obj)
        data[field.name] = value
    return data


def export_person(email, *, actor=None):
    """A JSON-ready dict of every record holding this e-mail (right of access, art. 15), with
    the purpose, legal basis and retention of each processing. Journaled."""
    records, by_key = [], {}
    for processing, objects in person_records(email):
        for obj in objects:
            purpose = {
                "traitement": processing.name,
                "finalite": processing.purpose,
                "base_legale": processing.legal_basis,
                "conservation": processing.retention,
            }
            key = (processing.model, obj.pk)
            if key in by_key:  # one record may serve several purposes (contacts, newsletter…)
                by_key[key]["traitements"].append(purpose)
                continue
            by_key[key] = {
                "modele": processing.model,
                "id": obj.pk,
                "traitements": [purpose],
                "donnees": _serialise(obj),
            }
            records.append(by_key[key])
    payload = {
        "email": email.strip(),
        "exporte_le": timezone.now(),
        "responsable": settings.WAGTAIL_SITE_NAME,
        "enregistrements": records,
    }
    journaled = set()
    for processing, objects in person_records(email):
        if processing.model == "core.AuditEntry":
            continue
        for obj in objects:
            if (processing.model, obj.pk) in journaled:
                continue
            journaled.add((processing.model, obj.pk))
            audit.record(
                actor=actor,
                action="rgpd_export",
                obj=obj,
                note="Export des données sur demande de la personne.",
            )
    # Round-trip through JSON so dates, decimals and UUIDs are plain strings.
    return json.loads(json.dumps(payload, cls=DjangoJSONEncoder))


def export_person_json(email, *, actor=None):
    return json.dumps(export_person(email, actor=actor), ensure_ascii=False, indent=2)


@dataclass
class ErasureLine:
    processing: Processing
    count: int
    done: bool
    reason: str = ""


def erase_person(email, *, actor=None):
    """Anonymise every record holding this e-mail (right to erasure, art. 17), in one
    transaction. Records stay (counts are kept), their personal fields go. Each erased record
    gets a journal entry that names the record, never the person."""
    lines = []
    email = (email or "").strip()
    if not email:
        return lines
    with transaction.atomic():
        # The journal entries written by this person are anonymised by the account's erasure:
        # process the other declarations first so that what they record is not lost.
        found = person_records(email)
        # Accounts last: other declarations may find their records through the account.
        found.sort(key=lambda item: item[0].model == settings.AUTH_USER_MODEL)
        done = set()
        for processing, objects in found:
            if processing.model == "core.AuditEntry":
                continue
            remaining = [obj for obj in objects if (processing.model, obj.pk) not in done]
            if not remaining:
                continue  # already anonymised under another purpose of the same records
            line = _erase(processing, remaining, actor=actor)
            if not line.done and any(p.model == processing.model and p.anonymise for p, _ in found):
                continue  # another declaration of this model knows how to anonymise it
            done.update((processing.model, obj.pk) for obj in remaining if line.done)
            lines.append(line)
    return lines


def erase_records(processing, objects, *, actor=None):
    """Anonymise given records of one processing (e.g. a Person without e-mail)."""
    with transaction.atomic():
        return _erase(processing, objects, actor=actor)


def _erase(processing, objects, *, actor):
    if processing.anonymise is None:
        return ErasureLine(
            processing, len(objects), False, "aucune fonction d'anonymisation : à traiter à la main"
        )
    model = processing.get_model()
    pks = [obj.pk for obj in objects]
    processing.anonymise(model._default_manager.filter(pk__in=pks))
    for obj in model._default_manager.filter(pk__in=pks):
        audit.record(actor=actor, action="rgpd_erase", obj=obj, note="Effacement sur demande de la personne.")
    return ErasureLine(processing, len(pks), True)
