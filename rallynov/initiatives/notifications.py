"""E-mails about public reports: acknowledgement to the submitter, notification to the team."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone

from rallynov.accounts import roles


def team_addresses(programme):
    from rallynov.accounts.models import User

    addresses = set(
        User.objects.filter(groups__name=roles.PROGRAMME_TEAM, is_active=True).values_list("email", flat=True)
    )
    if programme.contact_email:
        addresses.add(programme.contact_email)
    return sorted(a for a in addresses if a)


def notify_submission(*, submission, request=None):
    page = submission.initiative
    base = request.build_absolute_uri("/")[:-1] if request is not None else settings.SITE_URL
    context = {
        "submission": submission,
        "page": page,
        "programme": submission.programme,
        "admin_url": f"{base}/admin/pages/{page.pk}/edit/",
    }
    send_mail(
        subject=f"[{submission.programme}] Nous avons bien reçu votre signalement",
        message=render_to_string("initiatives/email/acknowledgement.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[submission.submitter_email],
    )
    submission.acknowledged_at = timezone.now()
    submission.save(update_fields=["acknowledged_at"])
    recipients = team_addresses(submission.programme)
    if recipients:
        send_mail(
            subject=f"[{submission.programme}] Nouveau signalement à modérer : {page.title}",
            message=render_to_string("initiatives/email/team_notification.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=recipients,
        )
