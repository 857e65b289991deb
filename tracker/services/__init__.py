"""Domain operations. They validate, change the session and flush; the caller (request or job) commits."""


class ServiceError(Exception):
    """A rule was broken; the message is Vietnamese and meant for the user."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
