"""A faithful local simulator of the Openprovider SSL API. No UI imports here.

It reads the API on its own (``api_rules``), not through the client's ``core``.
"""

from tui_app.sandbox.faults import Faults
from tui_app.sandbox.http_handler import RecordedRequest
from tui_app.sandbox.server import Sandbox

__all__ = ["Faults", "RecordedRequest", "Sandbox"]
