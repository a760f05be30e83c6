"""The questionnaire of one version, read from the StreamField's raw JSON into plain objects.

Pages are cut at each "section" block; questions before the first section form page 1.
"""

from dataclasses import dataclass, field

from django.utils.text import slugify

from rallynov.studies.enums import CATEGORICAL, NUMERIC, TEXT, QuestionType

LIKERT_LABELS = {
    5: ["Pas du tout d'accord", "Plutôt pas d'accord", "Ni d'accord ni pas d'accord", "Plutôt d'accord",
        "Tout à fait d'accord"],
    7: ["Pas du tout d'accord", "Pas d'accord", "Plutôt pas d'accord", "Ni d'accord ni pas d'accord",
        "Plutôt d'accord", "D'accord", "Tout à fait d'accord"],
}


@dataclass(frozen=True)
class Option:
    code: str
    label: str


@dataclass
class Question:
    key: str  # the block id: stable across versions
    type: str
    code: str
    label: str
    help_text: str = ""
    required: bool = False
    show_if_code: str = ""
    show_if_value: str = ""
    options: list = field(default_factory=list)  # choices, ranking options, or Likert points
    items: list = field(default_factory=list)  # matrix items
    max_choices: int | None = None
    max_length: int | None = None
    min_value: float | None = None
    max_value: float | None = None
    unit: str = ""
    decimals: bool = False
    min_date: str | None = None
    max_date: str | None = None
    page: int = 0
    number: int = 0  # 1-based position in the questionnaire

    @property
    def type_label(self):
        return QuestionType(self.type).label

    @property
    def is_categorical(self):
        return self.type in CATEGORICAL

    @property
    def is_numeric(self):
        return self.type in NUMERIC

    @property
    def is_text(self):
        return self.type in TEXT

    @property
    def is_likert(self):
        return self.type in (QuestionType.LIKERT, QuestionType.MATRIX)

    def option_label(self, code):
        for option in self.options:
            if option.code == str(code):
                return option.label
        return str(code)

    def item_label(self, code):
        for item in self.items:
            if item.code == code:
                return item.label
        return code


@dataclass
class Page:
    index: int
    title: str = ""
    intro: str = ""
    questions: list = field(default_factory=list)


def _list_values(raw):
    """ListBlock raw data is either plain values or {"type": "item", "value": …, "id": …} dicts."""
    values = []
    for entry in raw or []:
        if isinstance(entry, dict) and "value" in entry and entry.get("type") == "item":
            values.append(entry["value"])
        else:
            values.append(entry)
    return values


def _options(raw):
    options, seen = [], set()
    for value in _list_values(raw):
        label = (value.get("label") or "").strip()
        code = (value.get("code") or "").strip() or slugify(label)[:60] or f"choix{len(options) + 1}"
        while code in seen:
            code += "_"
        seen.add(code)
        options.append(Option(code=code, label=label))
    return options


def _likert_options(value):
    points = int(value.get("points") or 5)
    labels = [line.strip() for line in (value.get("point_labels") or "").splitlines() if line.strip()]
    if len(labels) != points:
        labels = LIKERT_LABELS[points]
    return [Option(code=str(i + 1), label=labels[i]) for i in range(points)]


class Questionnaire:
    def __init__(self, pages):
        self.pages = pages
        self.questions = [q for p in pages for q in p.questions]
        self.by_key = {q.key: q for q in self.questions}
        self.by_code = {q.code: q for q in self.questions}

    @classmethod
    def from_raw(cls, raw):
        pages = [Page(index=0)]
        number = 0
        for block in raw or []:
            kind, value, key = block.get("type"), block.get("value") or {}, block.get("id") or ""
            if kind == "section":
                if pages[-1].questions or pages[-1].title:
                    pages.append(Page(index=len(pages)))
                pages[-1].title = value.get("title", "")
                pages[-1].intro = value.get("intro", "")
                continue
            number += 1
            question = Question(
                key=key,
                type=kind,
                code=value.get("code") or f"q{number}",
                label=value.get("label", ""),
                help_text=value.get("help_text") or "",
                required=bool(value.get("required")),
                show_if_code=value.get("show_if_code") or "",
                show_if_value=value.get("show_if_value") or "",
                max_choices=value.get("max_choices"),
                max_length=value.get("max_length"),
                min_value=value.get("min_value"),
                max_value=value.get("max_value"),
                unit=value.get("unit") or "",
                decimals=bool(value.get("decimals")),
                min_date=value.get("min_date"),
                max_date=value.get("max_date"),
                page=pages[-1].index,
                number=number,
            )
            if kind in (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.RANKING):
                question.options = _options(value.get("choices"))
            if kind in (QuestionType.LIKERT, QuestionType.MATRIX):
                question.options = _likert_options(value)
            if kind == QuestionType.MATRIX:
                question.items = _options(value.get("items"))
            pages[-1].questions.append(question)
        if not pages[0].questions and not pages[0].title and len(pages) > 1:
            pages.pop(0)
            for i, page in enumerate(pages):
                page.index = i
                for question in page.questions:
                    question.page = i
        return cls(pages)

    def errors(self):
        """Problems a staff member must fix before the questionnaire can be answered (French)."""
        problems, seen = [], {}
        for question in self.questions:
            if question.code in seen:
                problems.append(f"Le code « {question.code} » est utilisé par deux questions.")
            if question.show_if_code:
                earlier = seen.get(question.show_if_code)
                if earlier is None:
                    problems.append(
                        f"La question « {question.label} » dépend de « {question.show_if_code} », "
                        "qui n'est pas une question précédente."
                    )
            seen[question.code] = question
        return problems

    def is_visible(self, question, values):
        """Whether a question is shown, given the answers so far ({code: value or list})."""
        if not question.show_if_code:
            return True
        answer = values.get(question.show_if_code)
        if answer is None or answer == "" or answer == []:
            return False
        if isinstance(answer, list | tuple | set):
            return question.show_if_value in {str(a) for a in answer}
        if isinstance(answer, float) and answer.is_integer():
            answer = int(answer)
        return str(answer) == question.show_if_value
