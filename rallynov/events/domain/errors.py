"""The refusals of the events rules; each message is French and says what to do."""


class EventError(Exception):
    """A rule of events refused the action; the message is French and says what to do."""


class RegistrationClosed(EventError):
    pass


class AlreadyRegistered(EventError):
    def __init__(self, message, registration):
        super().__init__(message)
        self.registration = registration


class OfferExpired(EventError):
    pass


class CheckInError(EventError):
    pass
