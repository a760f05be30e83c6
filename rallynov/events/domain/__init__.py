"""Writes about events, by job: `places` (the rule of places and the waiting list, held at
every path), `registration`, `checkin`, `feedback`, `videos`. The names below are what the
views, commands and tests call (`from rallynov.events import domain; domain.register(...)`).
"""

from rallynov.events.domain.checkin import add_walk_in, check_in, check_in_by_code
from rallynov.events.domain.errors import (
    AlreadyRegistered,
    CheckInError,
    EventError,
    OfferExpired,
    RegistrationClosed,
)
from rallynov.events.domain.feedback import (
    ensure_feedback_survey,
    feedback_invitation_for,
    request_feedback,
    send_due_feedback,
    submit_feedback,
)
from rallynov.events.domain.places import (
    capacity_changed,
    expire_due_offers,
    holding_count,
    offer_free_places,
)
from rallynov.events.domain.registration import (
    # Private, but called by benchmarks/bench_events.py to warm its processes up.
    _department_id,
    _resolve_organization,
    assign_group,
    cancel_registration,
    confirm_offer,
    move_registration,
    normalise_email,
    promote_registration,
    register,
    search_key,
)
from rallynov.events.domain.videos import import_video_views, record_video_views

__all__ = [
    "AlreadyRegistered",
    "CheckInError",
    "EventError",
    "OfferExpired",
    "RegistrationClosed",
    "_department_id",
    "_resolve_organization",
    "add_walk_in",
    "assign_group",
    "cancel_registration",
    "capacity_changed",
    "check_in",
    "check_in_by_code",
    "confirm_offer",
    "ensure_feedback_survey",
    "expire_due_offers",
    "feedback_invitation_for",
    "holding_count",
    "import_video_views",
    "move_registration",
    "normalise_email",
    "offer_free_places",
    "promote_registration",
    "record_video_views",
    "register",
    "request_feedback",
    "search_key",
    "send_due_feedback",
    "submit_feedback",
]
