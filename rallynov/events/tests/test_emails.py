"""The e-mails of registrations go through the queue (core.mailqueue): sent after the commit, or by
the sender process; a failed sending never loses the registration and is tried again."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from rallynov.core import mailqueue
from rallynov.core.models import QueuedEmail, QueuedEmailState
from rallynov.events import domain
from rallynov.events.enums import RegistrationStatus as S
from rallynov.events.models import Registration

pytestmark = pytest.mark.django_db


def test_with_a_worker_the_request_only_queues_and_send_emails_sends(settings, event, register_person,
                                                                     django_capture_on_commit_callbacks):
    settings.EMAIL_QUEUE_WORKER = True
    with django_capture_on_commit_callbacks(execute=True):
        registration = register_person(event)
    assert mail.outbox == []
    item = QueuedEmail.objects.get()
    assert (item.kind, item.object_id, item.state) == ("events.registration", str(registration.pk), QueuedEmailState.PENDING)

    out = StringIO()
    call_command("send_emails", stdout=out)
    assert "1 e-mail(s) envoyé(s)" in out.getvalue()
    assert [m.to for m in mail.outbox] == [[registration.email]]
    assert [a[0] for a in mail.outbox[0].attachments] == ["evenement.ics", "billet-qr.png"]
    item.refresh_from_db()
    assert item.state == QueuedEmailState.SENT and item.sent_at is not None
    # Sent once: a second pass finds nothing to send.
    call_command("send_emails", stdout=StringIO())
    assert len(mail.outbox) == 1


def test_an_smtp_failure_keeps_the_registration_and_the_email_is_retried(settings, event, register_person,
                                                                         django_capture_on_commit_callbacks, monkeypatch):
    def refuse(self, messages):
        raise ConnectionRefusedError("serveur SMTP injoignable")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        registration = register_person(event)
    assert Registration.objects.get(pk=registration.pk).status == S.CONFIRMED
    item = QueuedEmail.objects.get()
    assert item.state == QueuedEmailState.PENDING
    assert item.attempts == 1 and "SMTP" in item.last_error
    assert item.due_at > timezone.now()  # not before the delay

    monkeypatch.undo()
    assert mailqueue.send_due() == (0, 0, 0)  # not due yet
    assert mailqueue.send_due(now=timezone.now() + datetime.timedelta(minutes=2)) == (1, 0, 0)
    assert [m.to for m in mail.outbox] == [[registration.email]]


def test_an_email_that_keeps_failing_is_given_up_after_the_last_attempt(settings, event, register_person, monkeypatch):
    settings.EMAIL_QUEUE_WORKER = True
    register_person(event)
    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages",
                        lambda self, messages: 1 / 0)
    later = timezone.now()
    for _ in range(mailqueue.MAX_ATTEMPTS):
        later += datetime.timedelta(days=1)
        mailqueue.send_due(now=later)
    item = QueuedEmail.objects.get()
    assert item.state == QueuedEmailState.FAILED and item.attempts == mailqueue.MAX_ATTEMPTS


def test_what_is_sent_is_what_is_true_when_it_leaves(settings, event, register_person):
    settings.EMAIL_QUEUE_WORKER = True
    cancelled = register_person(event, "Annulée")
    erased = register_person(event, "Effacée")
    domain.cancel_registration(registration=cancelled)
    Registration.objects.filter(pk=erased.pk).update(email="", erased_at=timezone.now())

    mailqueue.send_due()
    # The cancelled person gets the cancellation, not the ticket; the erased person gets nothing.
    assert [(m.to, m.subject.split(" :")[0]) for m in mail.outbox] == [
        ([cancelled.email], "[rallynov] Inscription annulée")
    ]
    states = dict(QueuedEmail.objects.values_list("object_id", "state").filter(kind="events.registration"))
    assert states == {str(cancelled.pk): QueuedEmailState.DROPPED, str(erased.pk): QueuedEmailState.DROPPED}


def test_an_email_claimed_by_one_sender_is_not_sent_by_another(settings, event, register_person):
    settings.EMAIL_QUEUE_WORKER = True
    register_person(event)
    item = QueuedEmail.objects.get()
    QueuedEmail.objects.filter(pk=item.pk).update(claim="autre", claimed_until=timezone.now() + datetime.timedelta(minutes=1))
    assert mailqueue.send_due() == (0, 0, 0)
    mailqueue.send_now(item.pk)
    assert mail.outbox == []
    # Once the other sender's claim has lapsed (it died), the e-mail goes.
    assert mailqueue.send_due(now=timezone.now() + datetime.timedelta(minutes=5)) == (1, 0, 0)
    assert len(mail.outbox) == 1


def test_a_rolled_back_registration_queues_nothing(settings, event, register_person):
    settings.EMAIL_QUEUE_WORKER = True
    register_person(event, email="camille@exemple.fr")
    with pytest.raises(domain.AlreadyRegistered):
        register_person(event, email="camille@exemple.fr")
    assert QueuedEmail.objects.count() == 1


def test_send_emails_refuses_a_bad_batch():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--batch doit valoir au moins 1."):
        call_command("send_emails", "--batch", "0")
