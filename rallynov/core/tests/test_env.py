import pytest
from django.core.exceptions import ImproperlyConfigured

from rallynov.env import env_bool, env_int, env_list, parse_database_url, parse_email_url


def test_env_bool_accepts_the_usual_spellings(monkeypatch):
    for raw, expected in [("true", True), ("1", True), ("Oui", True), ("off", False), ("FALSE", False), ("", False)]:
        monkeypatch.setenv("X_FLAG", raw)
        assert env_bool("X_FLAG", None) is expected


def test_env_bool_default_when_unset(monkeypatch):
    monkeypatch.delenv("X_FLAG", raising=False)
    assert env_bool("X_FLAG", True) is True


def test_env_bool_rejects_anything_else_and_names_the_value(monkeypatch):
    monkeypatch.setenv("DEBUG_X", "peut-être")
    with pytest.raises(ImproperlyConfigured) as error:
        env_bool("DEBUG_X", False)
    assert str(error.value) == "DEBUG_X='peut-être' n'est pas un booléen : attendu true/false, 1/0, yes/no, on/off."


def test_env_int_rejects_text(monkeypatch):
    monkeypatch.setenv("X_SIZE", "dix")
    with pytest.raises(ImproperlyConfigured, match="X_SIZE='dix' n'est pas un nombre entier."):
        env_int("X_SIZE", 1)


def test_env_list_splits_and_trims(monkeypatch):
    monkeypatch.setenv("X_HOSTS", " a.fr, b.fr ,,")
    assert env_list("X_HOSTS") == ["a.fr", "b.fr"]


def test_database_url_sqlite_and_postgres():
    assert parse_database_url("sqlite:////tmp/x.sqlite3")["ENGINE"] == "django.db.backends.sqlite3"
    config = parse_database_url("postgres://rallynov:secret@db.example.org:5433/rallynov")
    assert (config["ENGINE"], config["HOST"], config["PORT"], config["NAME"], config["USER"]) == (
        "django.db.backends.postgresql",
        "db.example.org",
        5433,
        "rallynov",
        "rallynov",
    )


@pytest.mark.parametrize("url", ["mysql://root@localhost/x", "pas-une-url", "postgres://user@host:5432/"])
def test_database_url_malformed_is_refused_with_the_value(url):
    with pytest.raises(ImproperlyConfigured) as error:
        parse_database_url(url)
    assert repr(url) in str(error.value)


def test_email_url_smtp_with_tls_and_sender():
    config = parse_email_url("smtp://user%40x:p%40ss@smtp.example.org:587?from=noreply@example.org")
    assert config == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "smtp.example.org",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "user@x",
        "EMAIL_HOST_PASSWORD": "p@ss",
        "EMAIL_USE_SSL": False,
        "EMAIL_USE_TLS": True,
        "DEFAULT_FROM_EMAIL": "noreply@example.org",
    }


def test_email_url_console_and_unknown():
    assert parse_email_url("console://") == {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL='pigeon://'"):
        parse_email_url("pigeon://")


def test_settings_refuse_production_without_secret_key():
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY"}}
    env.update(DEBUG="false", DJANGO_SETTINGS_MODULE="rallynov.settings")
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "SECRET_KEY est obligatoire quand DEBUG=false." in result.stderr
