from django.urls import path

from rallynov.events import views

app_name = "events"

urlpatterns = [
    path("evenements/", views.index, name="index"),
    path("evenements/calendrier/", views.calendar_view, name="calendar"),
    path("evenements/agenda.ics", views.feed, name="feed"),
    path("evenements/<int:pk>/evenement.ics", views.event_ics, name="ics"),
    path("evenements/<int:pk>/inscription/", views.register, name="register"),
    # Personal links (the token is the key)
    path("evenements/inscription/<str:token>/", views.registration_detail, name="registration"),
    path("evenements/inscription/<str:token>/annuler/", views.registration_cancel, name="registration_cancel"),
    path("evenements/inscription/<str:token>/confirmer/", views.registration_confirm, name="registration_confirm"),
    path("evenements/inscription/<str:token>/billet.svg", views.registration_qr, name="registration_qr"),
    path("evenements/inscription/<str:token>/evenement.ics", views.registration_ics, name="registration_ics"),
    path("evenements/inscription/<str:token>/avis/", views.feedback, name="feedback"),
    # Staff
    path("evenements/gestion/", views.staff_list, name="staff_list"),
    path("evenements/<int:pk>/gestion/", views.manage, name="manage"),
    path("evenements/<int:pk>/gestion/ajouter/", views.manage_add, name="manage_add"),
    path("evenements/<int:pk>/gestion/questionnaire/", views.manage_feedback, name="manage_feedback"),
    path("evenements/<int:pk>/gestion/questionnaire/creer/", views.manage_feedback_survey,
         name="manage_feedback_survey"),
    path("evenements/<int:pk>/gestion/proposer-places/", views.manage_offer, name="manage_offer"),
    path(
        "evenements/<int:pk>/gestion/<int:registration_id>/<str:action>/",
        views.manage_action,
        name="manage_action",
    ),
    path("evenements/<int:pk>/gestion/export.<str:fmt>", views.export, name="export"),
    path("evenements/<int:pk>/accueil/", views.checkin, name="checkin"),
    path("evenements/<int:pk>/accueil/scan/", views.checkin_scan, name="checkin_scan"),
    path("evenements/<int:pk>/accueil/sur-place/", views.checkin_walk_in, name="checkin_walk_in"),
    path("evenements/<int:pk>/accueil/<int:registration_id>/", views.checkin_mark, name="checkin_mark"),
]
