"""A faithful local simulator of the Openprovider SSL API. No UI imports here."""

from tui_app.sandbox.faults import Faults
from tui_app.sandbox.server import RecordedRequest, Sandbox

__all__ = ["Faults", "RecordedRequest", "Sandbox"]
