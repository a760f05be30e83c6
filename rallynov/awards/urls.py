from django.urls import path

from rallynov.awards.views import applying, deliberation, jury, manage, public

app_name = "awards"

urlpatterns = [
    path("prix/", public.index, name="index"),
    path("prix/laureats/", public.laureates, name="laureates"),
    path("prix/<int:year>/", public.edition_detail, name="edition"),
    path("prix/<int:year>/candidater/", applying.apply, name="apply"),
    path("prix/dossiers/<int:pk>/", applying.application_detail, name="application_detail"),
    path("prix/dossiers/<int:pk>/reponses/", applying.application_answers, name="application_answers"),
    path("prix/dossiers/<int:pk>/pieces/", applying.attachment_add, name="attachment_add"),
    path(
        "prix/dossiers/<int:pk>/pieces/<int:attachment_pk>/", applying.attachment_download, name="attachment"
    ),
    path(
        "prix/dossiers/<int:pk>/pieces/<int:attachment_pk>/supprimer/",
        applying.attachment_delete,
        name="attachment_delete",
    ),
    path("prix/dossiers/<int:pk>/deposer/", applying.application_submit, name="application_submit"),
    path("prix/dossiers/<int:pk>/dossier.pdf", applying.application_pdf, name="application_pdf"),
    path("prix/dossiers/<int:pk>/evaluation/", jury.review, name="review"),
    path("prix/dossiers/<int:pk>/instruction/", manage.instruct, name="instruct"),
    path("prix/jury/<int:year>/", jury.jury, name="jury"),
    path("prix/jury/<int:year>/conflits/", jury.conflicts, name="conflicts"),
    path("prix/jury/<int:year>/livret/<int:member_pk>.pdf", jury.booklet, name="booklet"),
    path("prix/gestion/", manage.manage_index, name="manage_index"),
    path("prix/gestion/<int:year>/", manage.manage, name="manage"),
    path("prix/gestion/<int:year>/jury/", manage.jury_add, name="jury_add"),
    path("prix/gestion/<int:year>/affectations/", manage.assign, name="assign"),
    path("prix/gestion/<int:year>/affectations/auto/", manage.auto_assign, name="auto_assign"),
    path("prix/gestion/<int:year>/vice-presidence/", manage.vice_president, name="vice_president"),
    path("prix/gestion/<int:year>/relances/", manage.remind, name="remind"),
    path("prix/gestion/<int:year>/deliberation/", deliberation.deliberation, name="deliberation"),
    path(
        "prix/gestion/<int:year>/deliberation/ouvrir/",
        deliberation.open_deliberation,
        name="open_deliberation",
    ),
    path("prix/gestion/<int:year>/publier/", deliberation.publish, name="publish"),
    path("prix/gestion/<int:year>/courriers/", manage.letters, name="letters"),
    path(
        "prix/gestion/<int:year>/export-<str:kind>.<str:fmt>",
        manage.export,
        name="export",
    ),
]
