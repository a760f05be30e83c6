"""The questionnaire builder: a survey's sections and questions are a StreamField edited in the
Wagtail admin. Every block keeps a stable id (Wagtail's block UUID), which is the key answers are
stored under, so renaming a question does not cut it from its answers."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

CODE_HELP = _("Identifiant court, sans espace (ex. « motivation ») : nom de la colonne dans les exports.")


class ChoiceItemBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("libellé"), max_length=200)
    code = blocks.CharBlock(label=_("code"), max_length=60, required=False,
                            help_text=_("Laissé vide, il est déduit du libellé."))

    class Meta:
        icon = "list-ul"
        label = _("choix")


class SectionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("titre de la section"), max_length=200)
    intro = blocks.TextBlock(label=_("présentation"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("Section (nouvelle page)")


class BaseQuestionBlock(blocks.StructBlock):
    code = blocks.RegexBlock(regex=r"^[a-z0-9_]{1,40}$", label=_("code"), help_text=CODE_HELP,
                             error_messages={"invalid": _("Lettres minuscules, chiffres et _ seulement.")})
    label = blocks.CharBlock(label=_("question"), max_length=300)
    help_text = blocks.CharBlock(label=_("aide"), max_length=300, required=False)
    required = blocks.BooleanBlock(label=_("réponse obligatoire"), required=False, default=False)
    show_if_code = blocks.CharBlock(
        label=_("afficher seulement si la question (code)"), max_length=40, required=False,
        help_text=_("Code d'une question précédente."),
    )
    show_if_value = blocks.CharBlock(
        label=_("a pour réponse (code du choix ou valeur)"), max_length=60, required=False
    )

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("show_if_code")) != bool(value.get("show_if_value")):
            raise StructBlockValidationError(
                block_errors={"show_if_value": ValidationError(_("Indiquez à la fois la question et la réponse."))}
            )
        return value


class TextQuestionBlock(BaseQuestionBlock):
    max_length = blocks.IntegerBlock(label=_("longueur maximale"), required=False, min_value=1)

    class Meta:
        icon = "pilcrow"


class ChoiceQuestionBlock(BaseQuestionBlock):
    choices = blocks.ListBlock(ChoiceItemBlock(), label=_("choix"), min_num=2)

    class Meta:
        icon = "radio-full"


class MultipleChoiceQuestionBlock(ChoiceQuestionBlock):
    max_choices = blocks.IntegerBlock(label=_("nombre de choix maximum"), required=False, min_value=1)

    class Meta:
        icon = "tasks"


class LikertQuestionBlock(BaseQuestionBlock):
    points = blocks.ChoiceBlock(choices=[("5", _("5 points")), ("7", _("7 points"))], default="5",
                                label=_("nombre de points"))
    point_labels = blocks.TextBlock(
        label=_("libellés des points"), required=False,
        help_text=_("Un par ligne, du plus bas au plus haut. Laissé vide : « Pas du tout d'accord » … « Tout à fait d'accord »."),
    )

    class Meta:
        icon = "order"


class MatrixQuestionBlock(LikertQuestionBlock):
    items = blocks.ListBlock(ChoiceItemBlock(), label=_("items"), min_num=1)

    class Meta:
        icon = "table"


class NumberQuestionBlock(BaseQuestionBlock):
    min_value = blocks.FloatBlock(label=_("minimum"), required=False)
    max_value = blocks.FloatBlock(label=_("maximum"), required=False)
    unit = blocks.CharBlock(label=_("unité"), max_length=30, required=False)
    decimals = blocks.BooleanBlock(label=_("nombres décimaux acceptés"), required=False, default=False)

    class Meta:
        icon = "plus"


class DateQuestionBlock(BaseQuestionBlock):
    min_date = blocks.DateBlock(label=_("au plus tôt"), required=False)
    max_date = blocks.DateBlock(label=_("au plus tard"), required=False)

    class Meta:
        icon = "date"


class RankingQuestionBlock(ChoiceQuestionBlock):
    class Meta:
        icon = "list-ol"


class QuestionnaireBlock(blocks.StreamBlock):
    section = SectionBlock()
    short_text = TextQuestionBlock(label=_("Texte court"))
    long_text = TextQuestionBlock(label=_("Texte long"))
    single_choice = ChoiceQuestionBlock(label=_("Choix unique"))
    multiple_choice = MultipleChoiceQuestionBlock(label=_("Choix multiples"))
    likert = LikertQuestionBlock(label=_("Échelle de Likert"))
    matrix = MatrixQuestionBlock(label=_("Matrice d'items de Likert"))
    number = NumberQuestionBlock(label=_("Nombre"))
    date = DateQuestionBlock(label=_("Date"))
    ranking = RankingQuestionBlock(label=_("Classement"))
