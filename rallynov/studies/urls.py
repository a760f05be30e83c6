from django.urls import path

from rallynov.core import converters  # noqa: F401  (registers <uslug:>)
from rallynov.studies import views

app_name = "studies"

urlpatterns = [
    path("etudes/", views.index, name="index"),
    path("etudes/gestion/", views.manage, name="manage"),
    path("etudes/entretiens/", views.interviews, name="interviews"),
    path("etudes/entretiens/<int:pk>/", views.interview_detail, name="interview"),
    path("etudes/publications/<uslug:slug>/", views.publication_detail, name="publication"),
    path("etudes/publications/<uslug:slug>/carnet.pdf", views.publication_pdf, name="publication_pdf"),
    path("etudes/<uslug:slug>/", views.study_detail, name="study"),
    path("enquetes/invitation/<str:token>/", views.invitation, name="invitation"),
    path("enquetes/reponse/<str:token>/", views.resume, name="resume"),
    path("enquetes/reponse/<str:token>/page/<int:page>/", views.answer, name="answer"),
    path("enquetes/reponse/<str:token>/merci/", views.thanks, name="thanks"),
    path("enquetes/export/<int:pk>/", views.export_status, name="export_status"),
    path("enquetes/export/<int:pk>/fichier/", views.export_download, name="export_download"),
    path("enquetes/<uslug:slug>/", views.survey_start, name="survey_start"),
    path("enquetes/<uslug:slug>/resultats/", views.survey_results, name="results"),
    path("enquetes/<uslug:slug>/analyse/", views.survey_analysis, name="analysis"),
    path("enquetes/<uslug:slug>/croisement/", views.survey_crosstab, name="crosstab"),
    path("enquetes/<uslug:slug>/textes/<str:code>/", views.text_answers, name="text_answers"),
    path("enquetes/<uslug:slug>/export/", views.export_start, name="export"),
    path("enquetes/<uslug:slug>/questionnaire.pdf", views.questionnaire_pdf, name="questionnaire_pdf"),
]

urlpatterns += [
    path("enquetes/<uslug:slug>/invitations/", views.invitations, name="invitations"),
    path("enquetes/<uslug:slug>/invitations/envoyer/", views.invitations_send, name="invitations_send"),
]
