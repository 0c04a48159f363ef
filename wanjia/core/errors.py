class DomainError(Exception):
    """A business rule refused an action. `field` names the input at fault, if one is; the API answers 400
    with the message under that field, the UI shows it beside the field or at the top of the form."""

    def __init__(self, message: str, *, code: str = "invalid", field: str | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field
