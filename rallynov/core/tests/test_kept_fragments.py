"""Fragments kept per data stamp ({% kept %}): rendered once while nothing changes, rendered again
at the first view after any write, per language and host; the cards that use them show a change
at the next view."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.test import RequestFactory
from django.utils import translation

from rallynov.core.models import Programme

pytestmark = pytest.mark.django_db

FRAGMENT = '{% load kept i18n %}{% kept "essai" item.pk %}{{ item.render }} {% translate "Accueil" %}{% endkept %}'


class Item:
    pk = 7

    def __init__(self):
        self.renders = 0

    def render(self):
        self.renders += 1
        return f"rendu {self.renders}"


def render(item, host="rallynov.localhost"):
    request = RequestFactory().get("/", HTTP_HOST=host)
    return Template(FRAGMENT).render(Context({"item": item, "request": request}))


def test_a_fragment_is_rendered_once_while_nothing_is_written(settings):
    settings.ALLOWED_HOSTS = ["*"]
    item = Item()
    assert render(item) == "rendu 1 Accueil"
    assert render(item) == "rendu 1 Accueil"
    assert item.renders == 1


def test_any_write_renders_it_again(settings, programme):
    settings.ALLOWED_HOSTS = ["*"]
    item = Item()
    render(item)
    Programme.objects.filter(pk=programme.pk).update(name="Rally'nov Bourgogne")

    assert render(item) == "rendu 2 Accueil"


def test_each_language_and_host_has_its_own(settings):
    settings.ALLOWED_HOSTS = ["*"]
    item = Item()
    render(item)
    with translation.override("en"):
        assert render(item) == "rendu 2 Home"
    assert render(item, host="occitanie.localhost") == "rendu 3 Accueil"
    assert render(item) == "rendu 1 Accueil"


def test_a_fragment_without_name_or_key_is_refused_in_french():
    with pytest.raises(TemplateSyntaxError, match="un nom entre guillemets"):
        Template("{% load kept %}{% kept item.pk %}x{% endkept %}")



def test_kept_values_hold_at_most_their_size_and_follow_the_stamp():
    from rallynov.core.snapshot import KeptValues

    store, computed = KeptValues(2), []

    def value(name):
        def compute():
            computed.append(name)
            return name.upper()

        return compute

    assert [store.get((n,), value(n), stamp=1) for n in ("a", "b", "a", "c", "b")] == ["A", "B", "A", "C", "B"]
    assert computed == ["a", "b", "c", "b"]  # "b" was the least recently used when "c" came
    assert store.get(("c",), value("c"), stamp=2) == "C" and computed[-1] == "c"  # a new stamp
    many = store.get_many([("c",), ("d",)], lambda missing: {key: key[0] * 2 for key in missing}, stamp=2)
    assert many == {("c",): "C", ("d",): "dd"}
    store.forget(("d",))
    assert store.get(("d",), value("d"), stamp=2) == "D"
