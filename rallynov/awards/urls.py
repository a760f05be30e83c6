from django.urls import path

from rallynov.awards import views

app_name = "awards"

urlpatterns = [
    path("prix/", views.index, name="index"),
    path("prix/laureats/", views.laureates, name="laureates"),
    path("prix/<int:year>/", views.edition_detail, name="edition"),
    path("prix/<int:year>/candidater/", views.apply, name="apply"),
    path("prix/dossiers/<int:pk>/", views.application_detail, name="application_detail"),
    path("prix/dossiers/<int:pk>/reponses/", views.application_answers, name="application_answers"),
    path("prix/dossiers/<int:pk>/pieces/", views.attachment_add, name="attachment_add"),
    path("prix/dossiers/<int:pk>/pieces/<int:attachment_pk>/", views.attachment_download, name="attachment"),
    path(
        "prix/dossiers/<int:pk>/pieces/<int:attachment_pk>/supprimer/",
        views.attachment_delete,
        name="attachment_delete",
    ),
    path("prix/dossiers/<int:pk>/deposer/", views.application_submit, name="application_submit"),
    path("prix/dossiers/<int:pk>/dossier.pdf", views.application_pdf, name="application_pdf"),
    path("prix/dossiers/<int:pk>/evaluation/", views.review, name="review"),
    path("prix/dossiers/<int:pk>/instruction/", views.instruct, name="instruct"),
    path("prix/jury/<int:year>/", views.jury, name="jury"),
    path("prix/jury/<int:year>/conflits/", views.conflicts, name="conflicts"),
    path("prix/jury/<int:year>/livret/<int:member_pk>.pdf", views.booklet, name="booklet"),
    path("prix/gestion/", views.manage_index, name="manage_index"),
    path("prix/gestion/<int:year>/", views.manage, name="manage"),
    path("prix/gestion/<int:year>/jury/", views.jury_add, name="jury_add"),
    path("prix/gestion/<int:year>/affectations/", views.assign, name="assign"),
    path("prix/gestion/<int:year>/affectations/auto/", views.auto_assign, name="auto_assign"),
    path("prix/gestion/<int:year>/relances/", views.remind, name="remind"),
    path("prix/gestion/<int:year>/deliberation/", views.deliberation, name="deliberation"),
    path("prix/gestion/<int:year>/deliberation/ouvrir/", views.open_deliberation, name="open_deliberation"),
    path("prix/gestion/<int:year>/publier/", views.publish, name="publish"),
    path("prix/gestion/<int:year>/courriers/", views.letters, name="letters"),
    path(
        "prix/gestion/<int:year>/export-<str:kind>.<str:fmt>",
        views.export,
        name="export",
    ),
]
