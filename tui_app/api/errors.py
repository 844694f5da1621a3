"""Every way a call to the Openprovider API can fail, as one hierarchy.

The API answers business and authentication errors with HTTP 500 and a JSON body
``{"code": N, "desc": "..."}``, so the class is decided by ``code`` and never by the
HTTP status. Messages are written for a person reading them in the app; none of them
ever contains the bearer token or the request headers.
"""

from __future__ import annotations

from typing import Any

# Codes the real API is known to send (see the project's API notes).
CODE_RATE_LIMIT = 50
CODE_AUTHENTICATION = 196
CODE_INVALID_CSR = 1030
CODE_ACCESS_DENIED = 10005


class OpsslApiError(Exception):
    """Base of every error the client raises; ``message`` is what the user reads."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    @property
    def title(self) -> str:
        return "API error"


class ApiError(OpsslApiError):
    """The API answered with its error envelope: a non-zero ``code`` and a ``desc``."""

    def __init__(self, code: int, desc: str, data: Any = None, http_status: int = 500) -> None:
        self.code = code
        self.desc = desc
        self.data = data
        self.http_status = http_status
        text = f"{desc or 'Error'} (code {code})"
        if data not in (None, "", [], {}):
            text = f"{text}: {data_text(data)}"
        super().__init__(text)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, desc={self.desc!r})"


DATA_CHARS = 200


def data_text(data: Any) -> str:
    """An error's ``data`` as quoted in a message: at most ``DATA_CHARS`` characters."""
    text = str(data)
    return text if len(text) <= DATA_CHARS else text[: DATA_CHARS - 1] + "…"


class AuthenticationError(ApiError):
    """Code 196: wrong credentials, or a token that is unknown or expired."""

    @property
    def title(self) -> str:
        return "Sign-in needed"


class RateLimitError(ApiError):
    """Code 50: the account made too many calls; wait before trying again."""

    @property
    def title(self) -> str:
        return "Rate limit reached"


class AccessDeniedError(ApiError):
    """Code 10005: refused at the edge (IP allow-list or user agent)."""

    @property
    def title(self) -> str:
        return "Access denied"


_BY_CODE: dict[int, type[ApiError]] = {
    CODE_AUTHENTICATION: AuthenticationError,
    CODE_RATE_LIMIT: RateLimitError,
    CODE_ACCESS_DENIED: AccessDeniedError,
}


def api_error_for(code: int, desc: str, data: Any = None, http_status: int = 500) -> ApiError:
    """Build the right ``ApiError`` subclass for an error envelope."""
    return _BY_CODE.get(code, ApiError)(code, desc, data, http_status)


class TransportError(OpsslApiError):
    """The request never got an answer: the network, DNS, TLS or a timeout.

    ``reached``: the request may have reached the API (False only when no connection
    was ever made, so a write certainly did not happen).
    """

    def __init__(self, message: str, *, reached: bool = True) -> None:
        super().__init__(message)
        self.reached = reached

    @property
    def title(self) -> str:
        return "Cannot reach the API"


class RequestTimeout(TransportError):
    """No answer within the client's timeout."""


class ConnectionFailed(TransportError):
    """The connection was refused, reset, or the host could not be resolved."""


class ProtocolError(OpsslApiError):
    """An answer arrived but it is not the API's JSON envelope (e.g. a proxy's HTML page)."""

    def __init__(self, message: str, http_status: int) -> None:
        super().__init__(message)
        self.http_status = http_status

    @property
    def title(self) -> str:
        return "Unexpected answer"


class RequestNotSent(OpsslApiError):
    """The request could not be put on the wire (a token or value HTTP cannot carry).

    Nothing reached the API, so a write with this error certainly did not happen.
    """

    @property
    def title(self) -> str:
        return "Request not sent"


def outcome_unknown(error: BaseException) -> bool:
    """Whether a failed write may still have been applied: no answer arrived, or one that
    could not be read. False for the API's own refusals and for requests never sent."""
    if isinstance(error, (ApiError, RequestNotSent)):
        return False
    if isinstance(error, TransportError):
        return error.reached
    return True


class InsecureURLError(ValueError):
    """A base URL that would send the token in clear text to a non-loopback host."""
