"""Running totals of sent answers (see models.Tally): added when a response is sent, rebuilt
from the answers with one aggregate query when needed (bulk imports, repairs)."""

from collections import defaultdict

from django.db import connection, transaction
from django.db.models import Count, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from rallynov.studies.enums import QuestionType
from rallynov.studies.models import Answer, Response, Tally

RESPONSE_KEY = "__response__"
RESPONDENT = "*"


def _value(question_type, row):
    """(item, choice) under which an answer row is counted."""
    item, choice, number = row["item"], row["choice"], row["number"]
    if question_type == QuestionType.RANKING:
        return str(int(number)), choice
    if question_type == QuestionType.NUMBER and number is not None:
        return item, f"{number:g}"
    if question_type in (QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT, QuestionType.DATE):
        return item, ""
    return item, choice


def _increments(response, questionnaire):
    totals = defaultdict(lambda: [0, 0.0, 0.0])
    seen = set()
    for row in Answer.objects.filter(response=response).values("question_key", "item", "choice", "number"):
        question = questionnaire.by_key.get(row["question_key"])
        kind = question.type if question else ""
        item, choice = _value(kind, row)
        entry = totals[(row["question_key"], item, choice)]
        entry[0] += 1
        if row["number"] is not None:
            entry[1] += row["number"]
            entry[2] += row["number"] ** 2
        if row["question_key"] not in seen:
            seen.add(row["question_key"])
            totals[(row["question_key"], "", RESPONDENT)][0] += 1
    totals[(RESPONSE_KEY, "", "")][0] += 1
    return totals


_UPSERT = (
    "INSERT INTO {table} (survey_id, question_key, item, choice, category, day, count, total, total_sq) "
    "VALUES {values} ON CONFLICT (survey_id, question_key, item, choice, category, day) DO UPDATE SET "
    "count = {table}.count + excluded.count, total = {table}.total + excluded.total, "
    "total_sq = {table}.total_sq + excluded.total_sq"
)


def add_response(response):
    """Add a just-sent response to the totals (inside the caller's transaction).

    One INSERT … ON CONFLICT DO UPDATE whose rows are sorted by their key: every transaction locks
    the tally rows it touches in the same order, so two responses sent at the same moment wait for
    each other instead of deadlocking (which used to lose the sending of one of them on PostgreSQL).
    """
    day = connection.ops.adapt_datefield_value(timezone.localdate(response.completed_at))
    increments = sorted(_increments(response, response.version.questionnaire).items())
    if not increments:
        return
    table = connection.ops.quote_name(Tally._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(increments), 500):  # bounded statements, still in key order
            chunk = increments[start:start + 500]
            params = []
            for (key, item, choice), (count, total, total_sq) in chunk:
                params += [response.survey_id, key, item, choice, response.category, day, count, total, total_sq]
            values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s, %s)"] * len(chunk))
            cursor.execute(_UPSERT.format(table=table, values=values), params)


@transaction.atomic
def rebuild(survey):
    """Recompute every total of a survey from its sent answers."""
    from rallynov.studies.domain import ensure_current_version

    Tally.objects.filter(survey=survey).delete()
    types = {}
    for version in survey.versions.all():
        types.update({q.key: q.type for q in version.questionnaire.questions})
    ensure_current_version(survey=survey)
    answers = Answer.objects.filter(survey=survey, completed_at__isnull=False).annotate(day=TruncDate("completed_at"))
    totals = defaultdict(lambda: [0, 0.0, 0.0])
    for row in answers.values("question_key", "item", "choice", "number", "category", "day").annotate(
        n=Count("id")
    ).order_by():
        item, choice = _value(types.get(row["question_key"], ""), row)
        entry = totals[(row["question_key"], item, choice, row["category"], row["day"])]
        entry[0] += row["n"]
        if row["number"] is not None:
            entry[1] += row["number"] * row["n"]
            entry[2] += row["number"] ** 2 * row["n"]
    for row in answers.values("question_key", "category", "day").annotate(n=Count("response_id", distinct=True)).order_by():
        totals[(row["question_key"], "", RESPONDENT, row["category"], row["day"])][0] += row["n"]
    responses = Response.objects.filter(survey=survey, completed_at__isnull=False).annotate(day=TruncDate("completed_at"))
    for row in responses.values("category", "day").annotate(n=Count("id")).order_by():
        totals[(RESPONSE_KEY, "", "", row["category"], row["day"])][0] += row["n"]
    Tally.objects.bulk_create(
        [Tally(survey=survey, question_key=k, item=i, choice=c, category=cat, day=d, count=n, total=t, total_sq=sq)
         for (k, i, c, cat, d), (n, t, sq) in totals.items()],
        batch_size=2000,
    )


def summed(survey, filters):
    """{(question_key, item, choice): (count, total, total_sq)} over the filtered days and category."""
    tallies = Tally.objects.filter(survey=survey)
    if filters.category:
        tallies = tallies.filter(category=filters.category)
    if filters.since:
        tallies = tallies.filter(day__gte=filters.since)
    if filters.until:
        tallies = tallies.filter(day__lte=filters.until)
    rows = tallies.values_list("question_key", "item", "choice").annotate(
        n=Sum("count"), t=Sum("total"), sq=Sum("total_sq")).values_list("question_key", "item", "choice", "n", "t", "sq")
    return {(k, i, c): (n, t, sq) for k, i, c, n, t, sq in rows.order_by()}


def by_category(survey, filters, question_key, item=""):
    """{(category, choice): count} for one question (category × question cross-tabs)."""
    tallies = Tally.objects.filter(survey=survey, question_key=question_key, item=item)
    if filters.category:
        tallies = tallies.filter(category=filters.category)
    if filters.since:
        tallies = tallies.filter(day__gte=filters.since)
    if filters.until:
        tallies = tallies.filter(day__lte=filters.until)
    rows = tallies.exclude(choice=RESPONDENT).values_list("category", "choice").annotate(n=Sum("count"))
    return {(cat, choice): n for cat, choice, n in rows.order_by()}
