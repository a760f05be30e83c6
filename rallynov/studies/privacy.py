"""Personal data of the studies part (RGPD register).

Anonymous answers (public link) hold no identity. Invited respondents are known through their
invitation until it is unlinked. Interviewees are named in interview records; their quotes are
published only with their consent to be quoted.
"""

from rallynov.core.privacy import Processing


def anonymise_invitations(queryset):
    """Blank who was invited; the invitation stays so that response rates remain true."""
    return queryset.update(name="", email="", organization=None)


def anonymise_responses(queryset):
    """Cut the link between a response and its invitation: the answers become anonymous."""
    return queryset.update(invitation=None)


def anonymise_interviews(queryset):
    """Remove the interviewee's name and role and unattribute their quotes; notes stay for the study."""
    from rallynov.studies.models import Quote

    Quote.objects.filter(interview__in=queryset).update(speaker="")
    return queryset.update(interviewee="", interviewee_role="", interviewer_name="")


PROCESSING = [
    Processing(
        model="studies.Invitation",
        name="Invitations à répondre aux enquêtes",
        purpose="Envoyer un lien personnel de réponse et éviter les doubles réponses.",
        legal_basis="intérêt légitime (études du programme)",
        fields=("name", "email", "organization"),
        retention="2 ans après l'invitation",
        retention_days=2 * 365,
        date_field="created_at",
        email_field="email",
        anonymise=anonymise_invitations,
    ),
    Processing(
        model="studies.Response",
        name="Réponses aux enquêtes (répondants invités)",
        purpose="Analyser les réponses ; les réponses par lien public sont anonymes dès l'origine.",
        legal_basis="consentement (texte accepté avant de répondre)",
        fields=("invitation", "category", "answers"),
        retention="2 ans après la réponse, puis réponses rendues anonymes",
        retention_days=2 * 365,
        date_field="started_at",
        email_field="invitation__email",
        anonymise=anonymise_responses,
    ),
    Processing(
        model="studies.Interview",
        name="Entretiens de structures",
        purpose="Mener les études du programme et en publier les enseignements ; les citations ne sont publiées "
        "qu'avec l'accord de leur auteur.",
        legal_basis="intérêt légitime (études) ; consentement pour les citations publiées",
        fields=("interviewee", "interviewee_role", "interviewer_name", "quotes"),
        retention="5 ans après l'entretien",
        retention_days=5 * 365,
        date_field="held_on",
        email_field="",
        anonymise=anonymise_interviews,
    ),
]
