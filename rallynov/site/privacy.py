from rallynov.core.privacy import Processing


def _delete(queryset):
    return queryset.delete()[0]


PROCESSING = [
    Processing(
        model="organizations.Person",
        name="Lettre d'information",
        purpose="Envoyer la lettre d'information du programme aux contacts qui l'ont demandée.",
        legal_basis="consentement",
        fields=("first_name", "last_name", "email"),
        retention="jusqu'au retrait du consentement, au plus 3 ans après l'accord",
        retention_days=3 * 365,
        date_field="newsletter_consent_at",
        email_field="email",
    ),
    Processing(
        model="rallynov_site.VisitorDigest",
        name="Mesure d'audience sans cookie",
        purpose=(
            "Compter les visiteurs du jour sans les compter deux fois : empreinte tronquée d'un sel aléatoire du "
            "jour, du navigateur et du début de l'adresse réseau ; ni adresse IP, ni cookie, ni identifiant "
            "conservés. Seuls des totaux par jour et par page sont gardés."
        ),
        legal_basis="intérêt légitime (mesure d'audience exemptée de consentement)",
        fields=("digest",),
        retention="effacée à la fin de la journée, avec le sel du jour",
        retention_days=1,
        date_field="day",
        email_field="",
        recipients="Personne (aucune lecture individuelle)",
        anonymise=_delete,
    ),
]
