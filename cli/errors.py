"""Errors the command line turns into one clear line and exit status 2."""


class UserError(Exception):
    """A mistake the user can fix; the message says what to do next."""
