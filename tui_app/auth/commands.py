"""``opssl login``, ``opssl logout`` and ``opssl profiles``: sign-in without the app.

Exit codes: 0 done, 1 it failed (sign-in refused, API unreachable, no usable keyring),
2 bad usage or a broken config file, 130 cancelled. Messages go to stderr, results to
stdout; with ``--print-token`` stdout carries the token alone, for
``export OPSSL_TOKEN="$(opssl login --print-token)"``. No path ends in a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import shlex
import sys
import warnings
from collections.abc import Callable

from tui_app.api.errors import OpsslApiError
from tui_app.auth.config import (
    Config,
    ConfigError,
    Profile,
    cte_profile,
    custom_profile,
    load_config,
    production_profile,
    save_config,
)
from tui_app.auth.sources import (
    Target,
    describe_login_error,
    env_token,
    select_target,
    sign_in,
    sign_out,
)
from tui_app.auth.token_source import TOKEN_ENV, login_flags
from tui_app.auth.token_store import KeyringUnavailable, TokenStore
from tui_app.core.environment import KIND_LABELS, Kind

COMMANDS = frozenset({"login", "logout", "profiles"})

OK, FAILED, USAGE, CANCELLED = 0, 1, 2, 130


def make_store() -> TokenStore:
    """The store the commands use; tests replace this to inject a short timeout."""
    return TokenStore()


def _target_options(p: argparse.ArgumentParser) -> None:
    which = p.add_mutually_exclusive_group()
    which.add_argument(
        "--profile", dest="auth_profile", metavar="NAME", help="a profile from the config file"
    )
    which.add_argument(
        "--base-url", dest="auth_base_url", metavar="URL", help="an API base URL, no profile"
    )
    p.add_argument("--username", help="API username (default: the profile's, else asked)")


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register login, logout and profiles next to the other subcommands."""
    login = sub.add_parser(
        "login",
        help="sign in and keep the token in the OS keyring",
        description=(
            "Sign in with POST /auth/login and keep the token (valid two days) in the OS "
            "keyring. Without --profile or --base-url the default profile is used. The "
            "password is asked on the terminal and never stored."
        ),
    )
    _target_options(login)
    login.add_argument("--ip", help="the IP address to bind the token to (default: any)")
    login.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    login.add_argument(
        "--print-token",
        action="store_true",
        help="print the token on stdout instead of saving it (for OPSSL_TOKEN; no keyring)",
    )

    logout = sub.add_parser(
        "logout",
        help="remove the saved token from the OS keyring",
        description="Remove the token saved by 'opssl login' from the OS keyring.",
    )
    _target_options(logout)

    profiles = sub.add_parser(
        "profiles",
        help="list, add or remove profiles",
        description="Profiles name an API (production, test environment or a URL) and a username.",
    )
    psub = profiles.add_subparsers(dest="profiles_command", metavar="ACTION")
    psub.add_parser("list", help="list the profiles (the default action)")
    add = psub.add_parser("add", help="add a profile")
    add.add_argument("name", help="profile name: letters, digits, '.', '_' or '-'")
    api = add.add_mutually_exclusive_group(required=True)
    api.add_argument("--production", action="store_true", help="https://api.openprovider.eu")
    api.add_argument("--test", action="store_true", help="the test environment (CTE)")
    api.add_argument(
        "--base-url",
        "--url",
        dest="url",
        metavar="URL",
        help="any other base URL (HTTPS); --url is the same, as 'opssl --base-url'",
    )
    add.add_argument("--username", required=True, help="API username")
    add.add_argument("--read-only", action="store_true", help="disable every write action")
    add.add_argument("--default", action="store_true", help="make it the default profile")
    remove = psub.add_parser("remove", help="remove a profile and its saved token")
    remove.add_argument("name")
    default = psub.add_parser("default", help="make a profile the default")
    default.add_argument("name")


def run(args: argparse.Namespace) -> int:
    """Run one of COMMANDS; returns the exit code."""
    handlers: dict[str, Callable[[argparse.Namespace], int]] = {
        "login": cmd_login,
        "logout": cmd_logout,
        "profiles": cmd_profiles,
    }
    try:
        return handlers[args.command](args)
    except KeyboardInterrupt:
        _say("\nCancelled.", err=True)
        return CANCELLED


# -- output ----------------------------------------------------------------------------


def _say(text: str, *, err: bool = False) -> None:
    print(text, file=sys.stderr if err else sys.stdout, flush=True)


def _error(command: str, text: str) -> None:
    _say(f"opssl {command}: {text}", err=True)


# -- shared ----------------------------------------------------------------------------


def _target(args: argparse.Namespace, command: str) -> tuple[Config, Target] | int:
    """The profile or URL the command is about, or an exit code after saying what is wrong."""
    profile = args.auth_profile or getattr(args, "profile", None)
    base_url = args.auth_base_url or getattr(args, "base_url", None)
    try:
        config = load_config()
        target = select_target(config, profile=profile, base_url=base_url, username=args.username)
    except (ConfigError, ValueError) as exc:
        _error(command, str(exc))
        return USAGE
    if target is None:
        where = (
            "no default profile is set" if len(config) else f"there are no profiles ({config.path})"
        )
        _error(
            command,
            f"{where}. Use --profile NAME or --base-url URL, or create a profile with:\n"
            "  opssl profiles add NAME --production|--test|--base-url URL --username USER",
        )
        return USAGE
    return config, target


def _no_keyring_help(problem: str, target: Target, username: str | None) -> str:
    return (
        f"{problem}\n"
        "The token was not saved: opssl never writes it to a plain file.\n"
        f"To work without a keyring, put a token in {TOKEN_ENV} for this shell:\n"
        f'  export {TOKEN_ENV}="$(opssl login {login_flags(target, username)} --print-token)"\n'
        "It lasts two days; the password is still asked on the terminal."
    )


def _ask_username() -> str | None:
    if not sys.stdin.isatty():
        return None
    print("API username: ", end="", file=sys.stderr, flush=True)
    line = sys.stdin.readline()
    return line.strip() or None


def _read_password(args: argparse.Namespace, username: str, target: Target) -> str | None:
    if args.password_stdin:
        line = sys.stdin.readline()
        return line.rstrip("\r\n") or None
    try:
        with warnings.catch_warnings():
            # No terminal (cron, a pipe): getpass reads stdin and says so itself.
            warnings.simplefilter("ignore", getpass.GetPassWarning)
            return getpass.getpass(f"Password for {username} on {target.label}: ") or None
    except EOFError:
        return None


# -- login / logout --------------------------------------------------------------------


def cmd_login(args: argparse.Namespace) -> int:
    found = _target(args, "login")
    if isinstance(found, int):
        return found
    _, target = found
    if args.print_token and sys.stdout.isatty():
        _error(
            "login",
            "--print-token is for scripts and never prints the token on a terminal; capture it:\n"
            f'  export {TOKEN_ENV}="$(opssl login {login_flags(target, args.username)} '
            '--print-token)"',
        )
        return USAGE
    store = make_store()
    backend = ""
    if not args.print_token:
        try:
            backend = store.check()
        except KeyringUnavailable as exc:
            _error("login", _no_keyring_help(exc.problem, target, args.username or target.username))
            return FAILED
    username = args.username or target.username or _ask_username()
    if not username:
        _error("login", "no username: give --username USER")
        return USAGE
    password = _read_password(args, username, target)
    if password is None:
        _error("login", "no password given; nothing was sent")
        return USAGE
    try:
        result = asyncio.run(
            sign_in(
                target, username, password, ip=args.ip, store=store, remember=not args.print_token
            )
        )
    except OpsslApiError as exc:
        _error("login", describe_login_error(exc, target))
        return FAILED
    except ConfigError as exc:
        _error("login", str(exc))
        return USAGE
    expires = result.expires_at.strftime("%Y-%m-%d %H:%M UTC")
    if args.print_token:
        print(result.token, flush=True)
        _say(
            f"Signed in to {target.label} as {result.username}; the token (printed, not saved) "
            f"is valid until {expires}.",
            err=True,
        )
        return OK
    if not result.stored:
        problem = result.keyring_error.problem if result.keyring_error else (result.note or "")
        _error("login", _no_keyring_help(problem, target, result.username))
        return FAILED
    _say(
        f"Signed in to {target.label} as {result.username}. The token is in the OS keyring "
        f"({backend}) and is valid until {expires}."
    )
    if env_token():
        _say(
            f"Note: {TOKEN_ENV} is set in this shell and is used instead of the saved token; "
            f"'unset {TOKEN_ENV}' to use the saved one.",
            err=True,
        )
    return OK


def cmd_logout(args: argparse.Namespace) -> int:
    found = _target(args, "logout")
    if isinstance(found, int):
        return found
    _, target = found
    try:
        result = asyncio.run(sign_out(target, args.username, store=make_store()))
    except KeyringUnavailable as exc:
        _error("logout", f"{exc.problem} Nothing was removed.")
        return FAILED
    except ConfigError as exc:
        _error("logout", str(exc))
        return USAGE
    if result.username is None:
        _say(f"No saved sign-in for {target.label}: nothing to remove.")
    elif result.removed:
        _say(
            f"Signed out: removed the saved token for {result.username} on {target.label}. "
            "(The API has no logout call: the token itself stays valid at Openprovider "
            "until it expires.)"
        )
    else:
        _say(f"No saved token for {result.username} on {target.label}: nothing to remove.")
    if env_token():
        _say(f"Note: {TOKEN_ENV} is still set in this shell; 'unset {TOKEN_ENV}'.", err=True)
    return OK


# -- profiles --------------------------------------------------------------------------


def _describe(profile: Profile) -> str:
    access = "read-only" if profile.read_only else "read-write"
    return f"{KIND_LABELS[profile.kind]}, {profile.username}, {access}"


def _list(config: Config) -> int:
    if not len(config):
        _say(
            f"No profiles yet (config file: {config.path}).\n"
            "Create one with one of:\n"
            "  opssl profiles add NAME --production --username USER [--read-only] [--default]\n"
            "  opssl profiles add NAME --test --username USER\n"
            "  opssl profiles add NAME --base-url URL --username USER\n"
            "or sign in without a profile: opssl login --base-url URL --username USER"
        )
        return OK
    rows = [("", "NAME", "ENVIRONMENT", "USERNAME", "ACCESS", "BASE URL")]
    for p in config:
        rows.append(
            (
                "*" if p.name == config.default else "",
                p.name,
                KIND_LABELS[p.kind],
                p.username,
                "read-only" if p.read_only else "read-write",
                p.base_url,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    _say(f"Profiles in {config.path}:")
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        _say("  ".join([*cells, row[-1]]).rstrip())
    if config.default:
        _say("(* = default)")
    return OK


def _production_words(profile: Profile) -> str:
    """Said whenever a production profile becomes the default: a bare opssl opens it."""
    if profile.kind is not Kind.PRODUCTION:
        return ""
    return " It is PRODUCTION: a bare 'opssl' now opens the live API."


def _ask_default(config: Config) -> Profile | None:
    """On a terminal, which profile becomes the default now; None for none."""
    names = ", ".join(f"{p.name} ({KIND_LABELS[p.kind]})" for p in config)
    for _ in range(3):
        print(
            f"Which profile should be the default now? {names}; enter for none: ",
            end="",
            file=sys.stderr,
            flush=True,
        )
        answer = sys.stdin.readline().strip()
        if not answer:
            return None
        if answer in config.profiles:
            return config.profiles[answer]
        _say(f"There is no profile {answer!r}.", err=True)
    return None


def _remove(config: Config, name: str) -> int:
    was_default = config.default == name
    profile = config.remove(name)
    chosen = _ask_default(config) if was_default and len(config) and sys.stdin.isatty() else None
    if chosen is not None:
        config.set_default(chosen.name)
    save_config(config)
    _say(f"Removed profile {profile.name!r} ({_describe(profile)}).")
    if chosen is not None:
        _say(f"{chosen.name!r} is now the default profile.{_production_words(chosen)}")
    elif was_default and len(config):
        _say(
            "There is no default profile now: start with 'opssl --profile NAME', or choose "
            "one with 'opssl profiles default NAME'."
        )
    try:
        forgotten = asyncio.run(
            sign_out(Target.from_profile(profile), profile.username, store=make_store())
        )
    except KeyringUnavailable as exc:
        _say(f"Its saved token could not be removed from the OS keyring: {exc.problem}", err=True)
        return OK
    if forgotten.removed:
        _say("Its saved token was removed from the OS keyring.")
    return OK


def cmd_profiles(args: argparse.Namespace) -> int:
    action = args.profiles_command or "list"
    try:
        # A default naming no profile must not block the command that repairs it.
        config = load_config(keep_lost_default=True)
        if config.lost_default and action != "default":
            _say(
                f"Note: the default in {config.path} names profile {config.lost_default!r}, "
                "which is not defined; choose one with 'opssl profiles default NAME'.",
                err=True,
            )
        if action == "list":
            return _list(config)
        if action == "add":
            if args.production:
                profile = production_profile(args.name, args.username, read_only=args.read_only)
            elif args.test:
                profile = cte_profile(args.name, args.username, read_only=args.read_only)
            else:
                profile = custom_profile(
                    args.name, args.url, args.username, read_only=args.read_only
                )
            config.add(profile, make_default=args.default)
            save_config(config)
            default = config.default == profile.name
            extra = ", the default" if default else ""
            _say(
                f"Added profile {profile.name!r} ({_describe(profile)}){extra}."
                f"{_production_words(profile) if default else ''}\n"
                f"Sign in with: opssl login --profile {shlex.quote(profile.name)}"
            )
            return OK
        if action == "default":
            lost = config.lost_default
            config.set_default(args.name)
            save_config(config)
            was = f" (it named {lost!r}, which is not defined)" if lost else ""
            chosen = config.get(args.name)
            _say(f"{args.name!r} is now the default profile{was}.{_production_words(chosen)}")
            return OK
        return _remove(config, args.name)
    except ConfigError as exc:
        _error("profiles", str(exc))
        return USAGE
