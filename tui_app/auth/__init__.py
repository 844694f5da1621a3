"""Profiles (TOML), the token in the OS keyring, and where a session's token comes from.

No UI imports here, and nothing touches the keyring on import. Import the submodule you
need (``tui_app.auth.config``, ``.sources``, ``.token_store``...): this package imports
nothing itself, so that reading ``[keys]`` at start-up does not load the keyring client,
the profile writer and the sign-in code (~10 ms before the first rows).
"""
