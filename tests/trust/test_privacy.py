"""RGPD: the register, retention (`rallynov purge`), one person's export and erasure."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from rallynov.core import personal_data
from rallynov.core.models import AuditEntry
from rallynov.organizations.models import Person

pytestmark = pytest.mark.django_db


def make_person(email="marie.durand@example.org", **fields):
    defaults = {
        "first_name": "Marie",
        "last_name": "Durand",
        "email": email,
        "phone": "03 81 00 00 00",
        "consent_at": timezone.now(),
        "consent_text": "J'accepte que mes coordonnées soient conservées pour le programme.",
    }
    defaults.update(fields)
    return Person.objects.create(**defaults)


def test_register_lists_platform_and_app_declarations():
    rows = personal_data.register()
    names = [row["name"] for row in rows]
    assert names[:3] == [
        "Comptes des utilisateurs",
        "Journal des modifications",
        "Annuaire des contacts du programme",
    ]
    people = rows[2]
    assert people["fields"][:3] == [("first_name", "prénom"), ("last_name", "nom"), ("email", "e-mail")]
    assert people["legal_basis"].startswith("intérêt légitime")
    assert people["retention_days"] == 3 * 365


def test_every_declaration_names_real_fields_and_a_date():
    for processing in personal_data.every_processing():
        model = processing.get_model()
        for name in (*processing.fields, processing.date_field):
            personal_data.resolve_field(model, name)  # raises FieldDoesNotExist when a declaration is wrong
        if processing.email_field:
            personal_data.resolve_field(model, processing.email_field)
        assert processing.legal_basis, processing.name


def test_every_model_with_an_email_or_phone_is_declared():
    assert personal_data.undeclared_personal_models() == []


def test_person_keeps_consent_date_and_text():
    person = make_person()
    person.refresh_from_db()
    assert person.consent_text == "J'accepte que mes coordonnées soient conservées pour le programme."
    assert person.consent_at is not None


def test_purge_anonymises_only_what_is_past_its_time():
    old = make_person("ancien@example.org")
    recent = make_person("recent@example.org")
    Person.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=3 * 365 + 1))
    out = StringIO()
    call_command("purge", stdout=out)
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.last_name, old.email, old.phone, old.consent_text) == ("Personne effacée", "", "", "")
    assert old.erased_at is not None
    assert recent.email == "recent@example.org"
    assert "Annuaire des contacts du programme (organizations.Person) : 1 anonymisé(s)" in out.getvalue()
    assert Person.objects.count() == 2  # counts are kept
    assert list(AuditEntry.objects.filter(action="rgpd_purge").values_list("object_id", flat=True)) == [
        str(old.pk)
    ]


def test_purge_dry_run_changes_nothing():
    old = make_person("ancien@example.org")
    Person.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=2000))
    out = StringIO()
    call_command("purge", "--dry-run", stdout=out)
    old.refresh_from_db()
    assert old.email == "ancien@example.org"
    assert "Total : 1 enregistrement(s) à anonymiser." in out.getvalue()


def test_purge_twice_does_not_touch_erased_records_again():
    old = make_person("ancien@example.org")
    Person.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=2000))
    call_command("purge", stdout=StringIO())
    erased_at = Person.objects.get(pk=old.pk).erased_at
    call_command("purge", stdout=StringIO())
    assert Person.objects.get(pk=old.pk).erased_at == erased_at
    assert AuditEntry.objects.filter(action="rgpd_purge").count() == 1


def test_purge_anonymises_inactive_accounts_but_not_staff(make_user, team_member):
    from rallynov.accounts.models import User

    sleeper = make_user("dormeur@example.org")
    User.objects.filter(pk__in=[sleeper.pk, team_member.pk]).update(
        last_login=timezone.now() - timedelta(days=4 * 365)
    )
    call_command("purge", stdout=StringIO())
    sleeper.refresh_from_db()
    team_member.refresh_from_db()
    assert sleeper.email == f"compte-{sleeper.pk}@efface.invalid"
    assert sleeper.is_active is False
    assert sleeper.has_usable_password() is False
    assert team_member.email == "equipe@example.org"


def test_export_gathers_every_record_of_the_email(applicant):
    person = make_person("PORTEUR@example.org", user=applicant)
    data = personal_data.export_person("porteur@example.org")
    kinds = [(r["modele"], r["id"]) for r in data["enregistrements"]]
    assert kinds == [("accounts.User", applicant.pk), ("organizations.Person", person.pk)]
    person_record = data["enregistrements"][1]
    assert person_record["donnees"]["consent_text"] == person.consent_text
    assert person_record["traitements"][0]["base_legale"].startswith("intérêt légitime")
    assert "password" not in data["enregistrements"][0]["donnees"]
    assert AuditEntry.objects.filter(action="rgpd_export").count() == 2


def test_erase_anonymises_and_keeps_counts(applicant):
    person = make_person("porteur@example.org", user=applicant)
    other = make_person("autre@example.org")
    lines = personal_data.erase_person("porteur@example.org", actor=None)
    assert [(line.processing.model, line.count, line.done) for line in lines] == [
        ("organizations.Person", 1, True),
        ("accounts.User", 1, True),
    ]
    person.refresh_from_db()
    applicant.refresh_from_db()
    other.refresh_from_db()
    assert (person.first_name, person.last_name, person.email, person.phone) == (
        "",
        "Personne effacée",
        "",
        "",
    )
    assert applicant.is_active is False and applicant.email.endswith("@efface.invalid")
    assert other.email == "autre@example.org"
    assert Person.objects.count() == 2
    assert personal_data.person_records("porteur@example.org") == []
    notes = set(AuditEntry.objects.filter(action="rgpd_erase").values_list("note", flat=True))
    assert notes == {"Effacement sur demande de la personne."}
    assert not AuditEntry.objects.filter(object_repr__icontains="porteur@example.org").exists()


def test_erasing_an_account_anonymises_it_as_author_in_the_journal(applicant):
    from rallynov.core import audit

    target = make_person("x@example.org")
    audit.record(actor=applicant, action="update", obj=target)
    personal_data.erase_person("porteur@example.org")
    entry = AuditEntry.objects.get(action="update")
    assert entry.actor_label == f"compte effacé n° {applicant.pk}"


def test_personal_data_command_exports_and_erases(tmp_path):
    make_person("cmd@example.org")
    target = tmp_path / "export.json"
    call_command("personal_data", "--email", "cmd@example.org", "--export", str(target), stdout=StringIO())
    exported = json.loads(target.read_text(encoding="utf-8"))
    assert [r["modele"] for r in exported["enregistrements"]] == ["organizations.Person"]
    out = StringIO()
    call_command("personal_data", "--email", "cmd@example.org", "--erase", "--yes", stdout=out)
    assert "Annuaire des contacts du programme : 1 anonymisé(s)" in out.getvalue()
    assert Person.objects.get().email == ""


def test_personal_data_command_unknown_email_fails():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="Aucune donnée personnelle trouvée pour « nobody@example.org »"):
        call_command("personal_data", "--email", "nobody@example.org")


# --- Admin pages -------------------------------------------------------------------------------


def test_register_page_for_team(client, team_member):
    client.force_login(team_member)
    response = client.get(reverse("core_privacy_register"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Annuaire des contacts du programme" in html
    assert "3 ans après la dernière mise à jour" in html


@pytest.mark.parametrize(
    ("role", "location"),
    [
        # Wagtail turns PermissionDenied into a redirect to the admin home, with a message.
        ("partner_editor", "/admin/"),
        # Without admin access at all, Wagtail sends to the login page.
        ("applicant", "/comptes/login/?next=/admin/rgpd/registre/"),
    ],
)
def test_register_page_refused_to_others(client, role, location, request):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("core_privacy_register"))
    assert (response.status_code, response["Location"]) == (302, location)


def test_data_subject_page_lists_and_exports(client, team_member):
    person = make_person("cherche@example.org")
    client.force_login(team_member)
    response = client.get(reverse("core_data_subject"), {"email": "cherche@example.org"})
    assert response.status_code == 200
    assert "1 enregistrement pour cherche@example.org" in response.content.decode()
    response = client.post(reverse("core_data_subject"), {"email": "cherche@example.org", "action": "export"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="donnees-cherche-at-exampleorg.json"'
    data = json.loads(response.content)
    assert [r["id"] for r in data["enregistrements"]] == [person.pk]
    entry = AuditEntry.objects.get(action="rgpd_export")
    assert entry.actor == team_member


def test_data_subject_erasure_needs_confirmation(client, team_member):
    make_person("efface@example.org")
    client.force_login(team_member)
    response = client.post(reverse("core_data_subject"), {"email": "efface@example.org", "action": "erase"})
    assert response.status_code == 400
    assert "Cochez la case pour confirmer l&#x27;effacement." in response.content.decode()
    assert Person.objects.get().email == "efface@example.org"
    response = client.post(
        reverse("core_data_subject"), {"email": "efface@example.org", "action": "erase", "confirm": "on"}
    )
    assert response.status_code == 302
    assert Person.objects.get().last_name == "Personne effacée"
    assert AuditEntry.objects.get(action="rgpd_erase").actor == team_member


def test_person_without_email_can_be_erased_from_its_snippet(client, team_member):
    person = make_person(email="")
    client.force_login(team_member)
    url = f"{reverse('core_data_subject')}?person={person.pk}"
    assert client.get(url).status_code == 200
    response = client.post(url, {"confirm": "1"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.last_name == "Personne effacée"


def test_person_listing_offers_the_personal_data_button(client, team_member):
    person = make_person("bouton@example.org")
    client.force_login(team_member)
    response = client.get(reverse("wagtailsnippets_organizations_person:list"))
    assert response.status_code == 200
    assert "/admin/rgpd/personne/?email=bouton%40example.org" in response.content.decode()
    assert person.pk
