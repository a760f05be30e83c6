from django.utils import timezone

from rallynov.core.privacy import Processing


def anonymise_submissions(queryset):
    """The report stays (counts and moderation history), the submitter's identity goes."""
    return queryset.update(submitter_name="Personne effacée", submitter_email="", updated_at=timezone.now())


CONTACT_FIELDS = {"contact_name": "", "contact_email": "", "contact_consent_at": None}


def anonymise_contacts(queryset):
    """The sheet stays published without its contact, and the contact leaves its revisions too
    (Wagtail keeps every saved version of the page as JSON: reverting to an old one, or comparing
    versions, would otherwise show the erased contact again). The catalogue entry holds no contact."""
    from wagtail.models import Revision

    pks = list(queryset.values_list("pk", flat=True))
    count = queryset.model.objects.filter(pk__in=pks).update(**CONTACT_FIELDS)
    revisions = Revision.page_revisions.filter(object_id__in=[str(pk) for pk in pks]).only("pk", "content")
    for revision in revisions.iterator(chunk_size=500):
        content = revision.content
        if isinstance(content, dict) and any(content.get(key) for key in CONTACT_FIELDS):
            content.update(CONTACT_FIELDS)
            revision.save(update_fields=["content"])
    return count


PROCESSING = [
    Processing(
        model="initiatives.Submission",
        name="Signalements d'innovations sociales",
        purpose="Étudier un signalement public, en accuser réception et recontacter la personne qui l'a fait.",
        legal_basis="consentement",
        fields=("submitter_name", "submitter_email"),
        retention="3 ans après le signalement",
        retention_days=3 * 365,
        date_field="created_at",
        email_field="submitter_email",
        recipients="Équipe du programme (modération)",
        anonymise=anonymise_submissions,
    ),
    Processing(
        model="initiatives.InitiativePage",
        name="Contact affiché sur les fiches d'initiatives",
        purpose="Permettre au public de contacter la structure qui porte une initiative.",
        legal_basis="consentement",
        fields=("contact_name", "contact_email"),
        retention="tant que la fiche est publiée et que l'accord n'est pas retiré",
        retention_days=None,
        date_field="contact_consent_at",
        email_field="contact_email",
        recipients="Public (fiche en ligne, API ouverte), équipe du programme",
        anonymise=anonymise_contacts,
    ),
]


def anonymise_follow_up_proposals(queryset):
    """The follow-up stays (it may be published on the sheet); who proposed it goes."""
    return queryset.update(author=None, author_email="", erased_at=timezone.now(), updated_at=timezone.now())


PROCESSING.append(
    Processing(
        model="initiatives.FollowUpProposal",
        name="Suivis proposés par les porteurs",
        purpose="Modérer les suivis qu'un porteur propose pour la fiche de son initiative et l'informer de la décision.",
        legal_basis="intérêt légitime (mise à jour des fiches par leurs porteurs)",
        fields=("author", "author_email"),
        retention="3 ans après la proposition (le suivi publié reste sur la fiche, sans son auteur)",
        retention_days=3 * 365,
        date_field="created_at",
        email_field="author_email",
        recipients="Équipe du programme (modération)",
        anonymise=anonymise_follow_up_proposals,
    )
)
