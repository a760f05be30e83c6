"""Text from outside is cleaned at the door of what PostgreSQL refuses (the NUL character):
query strings, forms and cookies by `core.middleware.InputCleaningMiddleware`, imported files
by their readers, with one function (`core.text.clean_input`). Run on SQLite and on PostgreSQL
(DATABASE_URL): SQLite stores a NUL, PostgreSQL answers an error, and that error was a 500."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django.test.client import encode_multipart

from rallynov.core.middleware import InputCleaningMiddleware
from rallynov.core.text import clean_input


def test_clean_input_drops_nul_characters_only():
    assert [clean_input(v) for v in ["a\x00b", "\x00", "Épicerie\tsolidaire\n", "", None, 12]] == [
        "ab",
        "",
        "Épicerie\tsolidaire\n",
        "",
        None,
        12,
    ]


def _seen_by_the_view(request):
    seen = {}

    def view(request):
        seen.update(
            GET=dict(request.GET.lists()),
            POST=dict(request.POST.lists()),
            FILES=sorted(request.FILES),
            COOKIES=dict(request.COOKIES),
        )
        return HttpResponse("ok")

    InputCleaningMiddleware(view)(request)
    return seen


def test_query_string_reaches_the_view_without_nul():
    request = RequestFactory().get("/recherche/", {"q": "épi\x00cerie", "th\x00eme": ["a\x00", "b"]})

    assert _seen_by_the_view(request)["GET"] == {"q": ["épicerie"], "theme": ["a", "b"]}


def test_form_fields_reach_the_view_without_nul():
    request = RequestFactory().post("/x/", {"name": "Jean\x00ne", "tags": ["a", "\x00b"]})

    assert _seen_by_the_view(request)["POST"] == {"name": ["Jeanne"], "tags": ["a", "b"]}


def test_multipart_form_keeps_its_files_and_loses_nul_in_its_fields():
    upload = SimpleUploadedFile("note.txt", b"a\x00b")
    body = encode_multipart("BOUNDARY", {"title": "Note\x00", "file": upload})
    request = RequestFactory().generic(
        "POST", "/x/", body, content_type="multipart/form-data; boundary=BOUNDARY"
    )

    seen = _seen_by_the_view(request)

    assert (seen["POST"], seen["FILES"]) == ({"title": ["Note"]}, ["file"])


def test_cookies_reach_the_view_without_nul():
    request = RequestFactory().get("/")
    request.COOKIES = {"sessionid": "abc\x00def", "ok": "1"}

    assert _seen_by_the_view(request)["COOKIES"] == {"sessionid": "abcdef", "ok": "1"}


def test_json_body_is_left_to_its_view():
    request = RequestFactory().post("/api/x", data=b'{"a": "b"}', content_type="application/json")

    def view(request):
        return HttpResponse(request.body)

    assert InputCleaningMiddleware(view)(request).content == b'{"a": "b"}'


def test_path_with_nul_names_no_page():
    request = RequestFactory().get("/actualites/\x00/")

    with pytest.raises(Http404):
        InputCleaningMiddleware(lambda request: HttpResponse("ok"))(request)


# --- Through the whole stack, on the database of the run -------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["%00", "semaine%00", "%00%27%22", "4%20jours%00%00"])
def test_site_search_with_nul_answers_the_results_page(client, site_demo, query):
    response = client.get(f"/recherche/?q={query}")

    assert (response.status_code, response.templates[0].name) == (200, "site/search.html")


@pytest.mark.django_db
def test_site_search_with_nul_searches_the_words_around_it(client, site_demo):
    with_nul = client.get("/recherche/?q=sema%00ine")
    without = client.get("/recherche/?q=semaine")

    assert with_nul.context["query"] == "semaine"
    assert with_nul.context["count"] == without.context["count"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/%00/",
        "/actualites/%00/",
        "/initiatives/?q=%00&theme=%00",
        "/api/v1/initiatives?q=%00",
        "/evenements/?type=%00",
        "/etudes/entretiens/?q=%00",
    ],
)
def test_urls_with_nul_never_answer_a_server_error(client, site_demo, url):
    response = client.get(url)

    assert response.status_code < 500, url


@pytest.mark.django_db
def test_session_cookie_with_nul_is_a_fresh_anonymous_visit(client, site_demo):
    client.cookies[settings.SESSION_COOKIE_NAME] = "x" * 20 + "\x00"

    response = client.get("/recherche/?q=semaine")

    assert (response.status_code, response.wsgi_request.user.is_authenticated) == (200, False)


@pytest.mark.django_db
def test_login_form_with_nul_answers_the_form_again(client, site_demo, applicant):
    response = client.post("/comptes/login/", {"login": "porteur@example.org\x00", "password": "faux"})

    assert response.status_code == 200
    assert "login" in response.context["form"].errors or response.context["form"].non_field_errors()
