"""Signing in: the start-up screens, the sign-in-again dialog, and the flow that runs them.

``SignInFlow`` is the app's one authority on the token: which screen comes first, what a
sign-in stores where, and what happens when the API answers code 196. The screens read it
through ``state.SignInState`` and report with ``messages``; they never import the flow.
"""

from pathlib import Path

from tui_app.ui.signin.flow import SignInFlow

# Loaded by the app itself (see ``OpsslApp.CSS_PATH``).
SIGNIN_CSS = Path(__file__).with_name("signin.tcss")

__all__ = ["SIGNIN_CSS", "SignInFlow"]
