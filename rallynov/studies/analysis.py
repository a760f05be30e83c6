"""Analysis of a survey's answers with aggregate queries (no loop over responses): frequencies,
means, medians and standard deviations, cross-tabulations with a chi-square or Fisher test, and
free-text listings. Only sent responses count."""

import math
from dataclasses import dataclass, field
from datetime import datetime, time

from django.db import connection
from django.utils import timezone

from rallynov.studies.enums import QuestionType
from rallynov.studies.models import Answer

CATEGORY = "categorie"  # the cross-tab variable "respondent category"


@dataclass
class Filters:
    category: str = ""
    since: object = None  # date
    until: object = None  # date

    def bounds(self):
        tz = timezone.get_current_timezone()
        start = timezone.make_aware(datetime.combine(self.since, time.min), tz) if self.since else None
        end = timezone.make_aware(datetime.combine(self.until, time.max), tz) if self.until else None
        return start, end

    def apply(self, queryset, prefix=""):
        queryset = queryset.filter(**{f"{prefix}completed_at__isnull": False})
        if self.category:
            queryset = queryset.filter(**{f"{prefix}category": self.category})
        start, end = self.bounds()
        if start:
            queryset = queryset.filter(**{f"{prefix}completed_at__gte": start})
        if end:
            queryset = queryset.filter(**{f"{prefix}completed_at__lte": end})
        return queryset

    def as_query(self):
        from urllib.parse import urlencode

        params = {"categorie": self.category, "du": self.since or "", "au": self.until or ""}
        return urlencode({k: v for k, v in params.items() if v})


@dataclass
class Row:
    code: str
    label: str
    count: int
    percent: float


@dataclass
class QuestionResult:
    question: object
    answered: int = 0
    rows: list = field(default_factory=list)  # Row for categories
    items: list = field(default_factory=list)  # matrix: dicts(item, rows, stats)
    stats: dict | None = None  # n, mean, median, sd, min, max
    ranking: list = field(default_factory=list)  # dicts(label, mean_rank, first)


def _median(distribution):
    """Median of a [(value, count)] distribution sorted by value."""
    total = sum(c for _, c in distribution)
    if not total:
        return None

    def nth(k):  # 0-based
        seen = 0
        for value, count in distribution:
            seen += count
            if k < seen:
                return value
        return distribution[-1][0]

    if total % 2:
        return nth(total // 2)
    return (nth(total // 2 - 1) + nth(total // 2)) / 2


def _rows(options, counts, base):
    return [
        Row(
            o.code,
            o.label,
            counts.get(o.code, 0),
            round(100 * counts.get(o.code, 0) / base, 1) if base else 0.0,
        )
        for o in options
    ]


def _stats_from(count, total, total_sq, distribution):
    if not count:
        return None
    mean = total / count
    variance = (total_sq - total * total / count) / (count - 1) if count > 1 else None
    values = [v for v, _ in distribution]
    return {
        "n": count,
        "mean": mean,
        "sd": math.sqrt(max(variance, 0.0)) if variance is not None else None,
        "min": min(values) if values else None,
        "max": max(values) if values else None,
        "median": _median(sorted(distribution)),
    }


def respondent_count(survey, filters=None):
    from rallynov.studies.tallies import RESPONSE_KEY, summed

    return sum(
        n for (k, _, _), (n, _, _) in summed(survey, filters or Filters()).items() if k == RESPONSE_KEY
    )


def survey_results(survey, questionnaire, filters=None):
    """One QuestionResult per question, read from the running totals (one grouped query: its cost
    does not depend on the number of responses)."""
    from rallynov.studies.tallies import RESPONDENT, summed

    totals = summed(survey, filters or Filters())
    by_question = {}
    for (key, item, choice), value in totals.items():
        by_question.setdefault(key, {})[(item, choice)] = value

    results = []
    for question in questionnaire.questions:
        cells = by_question.get(question.key, {})
        answered = cells.get(("", RESPONDENT), (0, 0, 0))[0]
        result = QuestionResult(question=question, answered=answered)
        if question.type == QuestionType.MATRIX:
            for item in question.items:
                counts = {c: v[0] for (i, c), v in cells.items() if i == item.code}
                n = sum(counts.values())
                total = sum(v[1] for (i, c), v in cells.items() if i == item.code)
                total_sq = sum(v[2] for (i, c), v in cells.items() if i == item.code)
                dist = [(float(c), k) for c, k in counts.items()]
                result.items.append(
                    {
                        "item": item,
                        "rows": _rows(question.options, counts, n),
                        "stats": _stats_from(n, total, total_sq, dist),
                    }
                )
        elif question.is_categorical:
            counts = {c: v[0] for (i, c), v in cells.items() if i == "" and c != RESPONDENT}
            result.rows = _rows(question.options, counts, answered)
            if question.type == QuestionType.LIKERT:
                n = sum(counts.values())
                total = sum(v[1] for (i, c), v in cells.items() if c != RESPONDENT)
                total_sq = sum(v[2] for (i, c), v in cells.items() if c != RESPONDENT)
                result.stats = _stats_from(n, total, total_sq, [(float(c), k) for c, k in counts.items()])
        elif question.type == QuestionType.NUMBER:
            values = [(c, v) for (i, c), v in cells.items() if c != RESPONDENT]
            n = sum(v[0] for _, v in values)
            result.stats = _stats_from(
                n,
                sum(v[1] for _, v in values),
                sum(v[2] for _, v in values),
                [(float(c), v[0]) for c, v in values],
            )
        elif question.type == QuestionType.RANKING:
            ranking = []
            for option in question.options:
                per_rank = {int(i): v[0] for (i, c), v in cells.items() if c == option.code and i}
                n = sum(per_rank.values())
                ranking.append(
                    {
                        "label": option.label,
                        "code": option.code,
                        "mean_rank": sum(r * k for r, k in per_rank.items()) / n if n else None,
                        "first": per_rank.get(1, 0),
                    }
                )
            result.ranking = sorted(ranking, key=lambda r: (r["mean_rank"] is None, r["mean_rank"] or 0))
        results.append(result)
    return results


# --- Cross-tabulation -----------------------------------------------------------------------


@dataclass
class Variable:
    key: str  # question key, or CATEGORY
    item: str = ""
    label: str = ""
    options: list = field(default_factory=list)  # [(code, label)]
    multiple: bool = False


def variables(survey, questionnaire):
    """The variables that can be cross-tabulated: the respondent category and every categorical
    question (each matrix item on its own)."""
    found = []
    categories = list(survey.categories.all())
    if categories:
        found.append(
            Variable(CATEGORY, "", "Catégorie de répondant", [(c.code, c.label) for c in categories])
        )
    for q in questionnaire.questions:
        options = [(o.code, o.label) for o in q.options]
        if q.type == QuestionType.MATRIX:
            for item in q.items:
                found.append(Variable(q.key, item.code, f"Q{q.number}. {q.label} — {item.label}", options))
        elif q.is_categorical:
            found.append(
                Variable(q.key, "", f"Q{q.number}. {q.label}", options, q.type == QuestionType.MULTIPLE)
            )
    return found


def variable_id(variable):
    return f"{variable.key}:{variable.item}" if variable.item else variable.key


def find_variable(survey, questionnaire, ident):
    for variable in variables(survey, questionnaire):
        if variable_id(variable) == ident:
            return variable
    return None


@dataclass
class CrossTab:
    rows: Variable
    cols: Variable
    row_options: list
    col_options: list
    counts: list  # [[int]]
    row_totals: list
    col_totals: list
    total: int
    test: dict | None = None
    warnings: list = field(default_factory=list)

    def cells(self):
        """For templates: rows of dicts with count, row % and column %."""
        lines = []
        for i, (code, label) in enumerate(self.row_options):
            cells = []
            for j, _ in enumerate(self.col_options):
                n = self.counts[i][j]
                cells.append(
                    {
                        "count": n,
                        "row_pct": round(100 * n / self.row_totals[i], 1) if self.row_totals[i] else 0.0,
                        "col_pct": round(100 * n / self.col_totals[j], 1) if self.col_totals[j] else 0.0,
                    }
                )
            lines.append({"code": code, "label": label, "cells": cells, "total": self.row_totals[i]})
        return lines


def _crosstab_counts(survey, rows, cols, filters):
    table = Answer._meta.db_table
    params, where = [survey.pk], ["a.survey_id = %s", "a.completed_at IS NOT NULL"]
    if filters.category:
        where.append("a.category = %s")
        params.append(filters.category)
    start, end = filters.bounds()
    # SQLite, which has no statistics, would read a date range through the (survey, question, date)
    # index and then the table; "+" makes it stay in the covering cross-tab index (3 to 5 times less
    # work). PostgreSQL has no unary "+" on dates and chooses by itself.
    date = "+a.completed_at" if connection.vendor == "sqlite" else "a.completed_at"
    if start:
        where.append(f"{date} >= %s")
        params.append(start)
    if end:
        where.append(f"{date} <= %s")
        params.append(end)
    if rows.key == CATEGORY or cols.key == CATEGORY:
        question, on_rows = (cols, False) if rows.key == CATEGORY else (rows, True)
        where += ["a.question_key = %s", "a.item = %s"]
        params += [question.key, question.item]
        first, second = ("a.choice", "a.category") if on_rows else ("a.category", "a.choice")
        sql = f"SELECT {first}, {second}, COUNT(*) FROM {table} a WHERE {' AND '.join(where)} GROUP BY 1, 2"  # noqa: S608 - table name from the model, values as parameters
    else:
        where += ["a.question_key = %s", "a.item = %s"]
        params = [cols.key, cols.item] + params + [rows.key, rows.item]
        sql = (
            f"SELECT a.choice, b.choice, COUNT(*) FROM {table} a JOIN {table} b "  # noqa: S608 - see above
            "ON b.survey_id = a.survey_id AND b.question_key = %s AND b.item = %s AND b.response_id = a.response_id "
            f"WHERE {' AND '.join(where)} GROUP BY 1, 2"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def crosstab(survey, rows, cols, filters=None):
    """Counts, margins and an independence test of two variables over sent responses. A question
    by respondent category is read from the running totals; two questions join their answers."""
    from rallynov.studies.tallies import by_category

    filters = filters or Filters()
    if CATEGORY in (rows.key, cols.key) and rows.key != cols.key:
        question = cols if rows.key == CATEGORY else rows
        counts = by_category(survey, filters, question.key, question.item)
        if rows.key == CATEGORY:
            data = {(cat, choice): n for (cat, choice), n in counts.items()}
        else:
            data = {(choice, cat): n for (cat, choice), n in counts.items()}
    else:
        data = {(str(r), str(c)): n for r, c, n in _crosstab_counts(survey, rows, cols, filters)}
    row_options, col_options = list(rows.options), list(cols.options)
    counts = [[data.get((r, c), 0) for c, _ in col_options] for r, _ in row_options]
    row_totals = [sum(line) for line in counts]
    col_totals = [sum(counts[i][j] for i in range(len(row_options))) for j in range(len(col_options))]
    result = CrossTab(rows, cols, row_options, col_options, counts, row_totals, col_totals, sum(row_totals))
    result.test, result.warnings = independence_test(counts)
    if rows.multiple or cols.multiple:
        result.warnings.append(
            "Une des questions est à choix multiples : un répondant peut compter dans plusieurs cases, "
            "les effectifs ne sont pas indépendants et le test n'est qu'indicatif."
        )
    return result


def independence_test(counts):
    """Chi-square test of independence (Fisher's exact test for 2×2 tables with small expected
    counts). Returns (test dict or None, warnings in French)."""
    from scipy import stats

    kept_rows = [line for line in counts if sum(line)]
    if not kept_rows:
        return None, ["Aucune réponse : pas de test possible."]
    kept_cols = [j for j in range(len(kept_rows[0])) if sum(line[j] for line in kept_rows)]
    table = [[line[j] for j in kept_cols] for line in kept_rows]
    if len(table) < 2 or len(kept_cols) < 2:
        return None, ["Il faut au moins deux lignes et deux colonnes non vides pour tester l'indépendance."]
    total = sum(map(sum, table))
    chi2, p, dof, expected = stats.chi2_contingency(table, correction=len(table) == 2 and len(kept_cols) == 2)
    small = sum(1 for line in expected for e in line if e < 5)
    cells = len(table) * len(kept_cols)
    cramer_v = math.sqrt(chi2 / (total * (min(len(table), len(kept_cols)) - 1))) if total else 0.0
    warnings = []
    test = {
        "name": "khi-deux",
        "statistic": float(chi2),
        "dof": int(dof),
        "p_value": float(p),
        "cramer_v": cramer_v,
        "small_expected": small,
        "cells": cells,
        "n": total,
    }
    if small:
        if len(table) == 2 and len(kept_cols) == 2:
            _, p_fisher = stats.fisher_exact(table)
            test.update(name="test exact de Fisher", p_value=float(p_fisher), statistic=None, dof=None)
            warnings.append(
                f"{small} effectif(s) théorique(s) sur 4 sont inférieurs à 5 : le test exact de Fisher remplace le khi-deux."
            )
        else:
            warnings.append(
                f"{small} case(s) sur {cells} ont un effectif théorique inférieur à 5 : l'approximation du khi-deux "
                "n'est pas fiable. Regroupez des modalités ou interprétez avec prudence."
            )
    if total < 30:
        warnings.append(f"Seulement {total} observations : les résultats sont fragiles.")
    return test, warnings


def text_answers(survey, question, filters=None, *, search=""):
    answers = (filters or Filters()).apply(Answer.objects.filter(survey=survey, question_key=question.key))
    answers = answers.exclude(text="")
    if search:
        answers = answers.filter(text__icontains=search)
    return answers.order_by("-completed_at").values("text", "category", "completed_at", "response_id")
