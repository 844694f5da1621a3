"""Profiles (TOML), the token in the OS keyring, and where a session's token comes from.

No UI imports here, and nothing touches the keyring on import.
"""

from tui_app.auth.config import (
    Config,
    ConfigError,
    Profile,
    config_path,
    cte_profile,
    custom_profile,
    load_config,
    production_profile,
    save_config,
)
from tui_app.auth.sources import (
    ResolvedToken,
    SignInResult,
    SignOutResult,
    Target,
    aresolve_token,
    describe_login_error,
    env_token,
    resolve_token,
    select_target,
    sign_in,
    sign_out,
)
from tui_app.auth.token_source import TOKEN_ENV, TokenSource
from tui_app.auth.token_store import (
    SERVICE,
    TOKEN_LIFETIME,
    KeyringUnavailable,
    StoredToken,
    TokenKey,
    TokenStore,
)

__all__ = [
    "SERVICE",
    "TOKEN_ENV",
    "TOKEN_LIFETIME",
    "Config",
    "ConfigError",
    "KeyringUnavailable",
    "Profile",
    "ResolvedToken",
    "SignInResult",
    "SignOutResult",
    "StoredToken",
    "Target",
    "TokenKey",
    "TokenSource",
    "TokenStore",
    "aresolve_token",
    "config_path",
    "cte_profile",
    "custom_profile",
    "describe_login_error",
    "env_token",
    "load_config",
    "production_profile",
    "resolve_token",
    "save_config",
    "select_target",
    "sign_in",
    "sign_out",
]
