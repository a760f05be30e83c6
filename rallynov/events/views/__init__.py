"""Views of events, by job: `public` (list, calendar, registering), `personal` (the pages of a
personal link), `staff` (the team's pages), `checkin` (at the door). Thin: permission → form →
domain → redirect or render."""

from rallynov.events.views.checkin import checkin, checkin_mark, checkin_scan, checkin_walk_in
from rallynov.events.views.personal import (
    feedback,
    registration_cancel,
    registration_confirm,
    registration_detail,
    registration_ics,
    registration_qr,
)
from rallynov.events.views.public import calendar_view, event_ics, feed, index, register
from rallynov.events.views.staff import (
    export,
    manage,
    manage_action,
    manage_add,
    manage_feedback,
    manage_feedback_survey,
    manage_offer,
    staff_list,
)

__all__ = [
    "calendar_view",
    "checkin",
    "checkin_mark",
    "checkin_scan",
    "checkin_walk_in",
    "event_ics",
    "export",
    "feed",
    "feedback",
    "index",
    "manage",
    "manage_action",
    "manage_add",
    "manage_feedback",
    "manage_feedback_survey",
    "manage_offer",
    "register",
    "registration_cancel",
    "registration_confirm",
    "registration_detail",
    "registration_ics",
    "registration_qr",
    "staff_list",
]
