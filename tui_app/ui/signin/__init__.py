"""Signing in: the start-up screens, the sign-in-again dialog, and the flow that runs them.

``SignInFlow`` is the app's one authority on the token: which screen comes first, what a
sign-in stores where, and what happens when the API answers code 196.
"""

from pathlib import Path

from tui_app.ui.signin.flow import SOURCE_MEMORY, SignInFlow, token_recipe

# Loaded by the app itself (see ``OpsslApp.CSS_PATH``).
SIGNIN_CSS = Path(__file__).with_name("signin.tcss")

__all__ = ["SIGNIN_CSS", "SOURCE_MEMORY", "SignInFlow", "token_recipe"]
