"""Writing the FSE+ answers of a registration (called by `events.domain.register`)."""

from django.utils import timezone

from rallynov.events.fse.models import ParticipantProfile, ParticipantSensitiveProfile


def record_fse_answers(registration, answers, *, now=None, is_generated=False):
    """Store the answers each consent covers; nothing for a part whose consent was not given.
    Returns (profile or None, sensitive profile or None)."""
    if not answers:
        return None, None
    now = now or timezone.now()
    profile = sensitive = None
    if answers.get("profile") is not None:
        profile, _created = ParticipantProfile.objects.update_or_create(
            registration=registration,
            defaults={
                **answers["profile"],
                "consent_at": now,
                "is_generated": is_generated,
                "erased_at": None,
            },
        )
    if answers.get("sensitive") is not None:
        sensitive, _created = ParticipantSensitiveProfile.objects.update_or_create(
            registration=registration,
            defaults={
                **answers["sensitive"],
                "explicit_consent_at": now,
                "is_generated": is_generated,
                "erased_at": None,
            },
        )
    return profile, sensitive
