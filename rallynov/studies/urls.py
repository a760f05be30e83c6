from django.urls import path

from rallynov.core import converters  # noqa: F401  (registers <uslug:>)
from rallynov.studies.views import analysis, answering, public, staff

app_name = "studies"

urlpatterns = [
    path("etudes/", public.index, name="index"),
    path("etudes/gestion/", staff.manage, name="manage"),
    path("etudes/entretiens/", staff.interviews, name="interviews"),
    path("etudes/entretiens/<int:pk>/", staff.interview_detail, name="interview"),
    path("etudes/publications/<uslug:slug>/", public.publication_detail, name="publication"),
    path("etudes/publications/<uslug:slug>/carnet.pdf", public.publication_pdf, name="publication_pdf"),
    path("etudes/<uslug:slug>/", public.study_detail, name="study"),
    path("enquetes/invitation/<str:token>/", answering.invitation, name="invitation"),
    path("enquetes/reponse/<str:token>/", answering.resume, name="resume"),
    path("enquetes/reponse/<str:token>/page/<int:page>/", answering.answer, name="answer"),
    path("enquetes/reponse/<str:token>/merci/", answering.thanks, name="thanks"),
    path("enquetes/export/<int:pk>/", staff.export_status, name="export_status"),
    path("enquetes/export/<int:pk>/fichier/", staff.export_download, name="export_download"),
    path("enquetes/<uslug:slug>/", answering.survey_start, name="survey_start"),
    path("enquetes/<uslug:slug>/resultats/", analysis.survey_results, name="results"),
    path("enquetes/<uslug:slug>/analyse/", analysis.survey_analysis, name="analysis"),
    path("enquetes/<uslug:slug>/croisement/", analysis.survey_crosstab, name="crosstab"),
    path("enquetes/<uslug:slug>/textes/<str:code>/", analysis.text_answers, name="text_answers"),
    path("enquetes/<uslug:slug>/export/", staff.export_start, name="export"),
    path("enquetes/<uslug:slug>/questionnaire.pdf", analysis.questionnaire_pdf, name="questionnaire_pdf"),
]

urlpatterns += [
    path("enquetes/<uslug:slug>/invitations/", staff.invitations, name="invitations"),
    path("enquetes/<uslug:slug>/invitations/envoyer/", staff.invitations_send, name="invitations_send"),
]
