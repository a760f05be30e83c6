"""Responses sent at the same moment all count: the running totals (studies_tally) are updated
without deadlock, and every response is marked as sent."""

import threading

import pytest
from django.db import connection, connections

from rallynov.studies import analysis, domain
from rallynov.studies.models import Response, Tally


@pytest.mark.django_db(transaction=True)
def test_thirty_responses_sent_at_once_all_count_without_deadlock(survey):
    if connection.vendor != "postgresql":
        pytest.skip("Concurrence réelle : il faut PostgreSQL (la base SQLite des tests ne laisse écrire qu'un fil "
                    "à la fois) ; la CI lance ce test avec DATABASE_URL=postgres://…")
    def prepare(order):
        response = domain.start_response(survey=survey, category="salarie")
        pages = [{"formule": "longue", "heures": 35},
                 {"motivations": ["equilibre", "recrutement"], "satisfaction": 4, "retour": "non",
                  "effets": {"qualite": 3, "ambiance": 3}, "benefices": ["temps", "sante"]}]
        # Half of the respondents go back and save the first page again after the second (as people
        # do): their answer rows, hence the totals they add to, come in the other order.
        for index in (0, 1) if order > 0 else (1, 0):
            domain.save_page(response=response, page_index=index, values=pages[index])
        return response

    domain.submit_response(response=prepare(1))  # the totals exist: every later sending updates them
    prepared = [prepare(1 if number % 2 else -1).pk for number in range(30)]
    barrier = threading.Barrier(len(prepared))
    errors = []

    def send(pk):
        try:
            response = Response.objects.select_related("survey", "version").get(pk=pk)
            barrier.wait()
            domain.submit_response(response=response)
        except Exception as exc:  # noqa: BLE001 - every failure is reported by the assertion below
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(pk,)) for pk in prepared]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Response.objects.filter(pk__in=prepared, completed_at__isnull=False).count() == 30
    assert analysis.respondent_count(survey) == 31
    satisfaction = domain.ensure_current_version(survey=survey).questionnaire.by_code["satisfaction"].key
    assert sum(Tally.objects.filter(survey=survey, question_key=satisfaction).exclude(
        choice="*").values_list("count", flat=True)) == 31
