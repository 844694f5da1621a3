"""First start, no profile yet: choose the API, name the profile, give the username.

The profile is written with ``save_config`` (TOML, never a secret) and becomes the
default, then the flow signs in with it. Every field is checked before anything is
written; a problem is said at the form and the field gets the focus.
"""

from __future__ import annotations

from typing import ClassVar
from urllib.parse import urlsplit

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Checkbox, Footer, Input, Label, RadioSet, Static

from tui_app.auth.config import (
    Config,
    ConfigError,
    Profile,
    check_base_url,
    check_profile_name,
    check_username,
    cte_profile,
    custom_profile,
    production_profile,
    save_config,
)
from tui_app.ui.formatting import safe
from tui_app.ui.marked_toggles import MarkedCheckbox, MarkedRadioButton
from tui_app.ui.screen_base import OpsslScreen
from tui_app.ui.signin.messages import ProfileSaved
from tui_app.ui.signin.state import SignInState

# (radio id, label, profile name offered)
APIS: tuple[tuple[str, str, str], ...] = (
    ("api-production", "Production (api.openprovider.eu, live orders)", "prod"),
    ("api-test", "Test environment (api.cte.openprovider.eu)", "test"),
    ("api-custom", "Another URL", "custom"),
)


def name_for_url(url: str) -> str:
    """A profile name offered for a custom URL: its host's first label."""
    host = urlsplit(url.strip()).hostname or ""
    label = host.split(".")[0] if host and not host[0].isdigit() else ""
    try:
        return check_profile_name(label) if label else "custom"
    except ConfigError:
        return "custom"


class SetupScreen(OpsslScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save and sign in", priority=True, id="setup.save"),
        # Priority: the focus moves before the next key of a burst (a password manager's
        # auto-type, a paste of keys) is routed to a field.
        Binding("tab", "app.focus_next", "Next field", priority=True, id="setup.next"),
        Binding(
            "shift+tab",
            "app.focus_previous",
            "Previous field",
            priority=True,
            show=False,
            id="setup.previous",
        ),
    ]

    def __init__(self, flow: SignInState, config: Config) -> None:
        super().__init__(classes="signin-screen")
        self.flow = flow
        self.config = config
        self._offered_name = ""
        self._saving = False

    def compose(self) -> ComposeResult:
        yield Label(Text("opssl · first start"), id="setup-title")
        with (
            Container(classes="signin-body"),
            Vertical(classes="dialog", id="setup-box") as box,
        ):
            box.border_title = "Create a profile"
            yield Static(
                Text(
                    "A profile names the API opssl talks to and the user it signs in as. "
                    f"It is saved in {safe(str(self.config.path))}; the token never is."
                ),
                classes="dialog-help",
            )
            with Horizontal(classes="signin-field setup-api"):
                yield Label("API", classes="signin-label")
                with RadioSet(id="setup-api", compact=True):
                    for radio_id, label, _ in APIS:
                        yield MarkedRadioButton(label, id=radio_id)
            with Horizontal(classes="signin-field"):
                yield Label("URL", classes="signin-label")
                yield Input(
                    placeholder="https://… (for another URL)",
                    id="setup-url",
                    compact=True,
                    disabled=True,
                )
            with Horizontal(classes="signin-field"):
                yield Label("Name", classes="signin-label")
                yield Input(placeholder="profile name", id="setup-name", compact=True)
            with Horizontal(classes="signin-field"):
                yield Label("Username", classes="signin-label")
                yield Input(placeholder="API username", id="setup-username", compact=True)
            with Horizontal(classes="signin-field"):
                yield Label("Read-only", classes="signin-label")
                yield MarkedCheckbox(
                    "opssl sends no changes with this profile",
                    value=self.flow.read_only,
                    id="setup-read-only",
                    compact=True,
                )
            yield Static(id="setup-status")
            yield Static(
                Text("Arrows and space choose the API; ctrl+s (or enter in a field) saves."),
                classes="dialog-help signin-help",
            )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#setup-api", RadioSet).focus()

    # -- the fields follow the API choice ---------------------------------------------------

    def _field(self, name: str) -> Input:
        return self.query_one(f"#setup-{name}", Input)

    def _chosen(self) -> str | None:
        pressed = self.query_one("#setup-api", RadioSet).pressed_button
        return pressed.id if pressed is not None else None

    def _offer_name(self, name: str) -> None:
        """Fill in a name unless the user typed their own."""
        field = self._field("name")
        if field.value in ("", self._offered_name):
            field.value = name
        self._offered_name = name

    @on(RadioSet.Changed, "#setup-api")
    def _api_changed(self, event: RadioSet.Changed) -> None:
        chosen = event.pressed.id
        url = self._field("url")
        url.disabled = chosen != "api-custom"
        offered = {radio_id: name for radio_id, _, name in APIS}
        if chosen == "api-custom" and url.value.strip():
            self._offer_name(name_for_url(url.value))
        elif chosen in offered:
            self._offer_name(offered[chosen])

    @on(Input.Changed, "#setup-url")
    def _url_changed(self, event: Input.Changed) -> None:
        if self._chosen() == "api-custom" and event.value.strip():
            self._offer_name(name_for_url(event.value))

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    # -- saving -----------------------------------------------------------------------

    def _problem(self, text: str, widget: Widget) -> None:
        status = self.query_one("#setup-status", Static)
        status.update(Text(safe(text)))
        status.add_class("-problem")
        widget.focus()

    def _profile(self) -> Profile | None:
        """The profile the form describes, or None after saying what is wrong."""
        chosen = self._chosen()
        if chosen is None:
            self._problem(
                "Choose the API: production, the test environment or another URL.",
                self.query_one("#setup-api", RadioSet),
            )
            return None
        checks: list[tuple[str, Input]] = [("name", self._field("name"))]
        checks.append(("username", self._field("username")))
        if chosen == "api-custom":
            checks.insert(0, ("url", self._field("url")))
        read_only = self.query_one("#setup-read-only", Checkbox).value
        values: dict[str, str] = {}
        for name, field in checks:
            value = field.value.strip()
            if not value:
                self._problem(f"Enter the {name if name != 'url' else 'URL'}.", field)
                return None
            check = {"url": check_base_url, "name": check_profile_name, "username": check_username}
            try:
                values[name] = check[name](value)
            except ConfigError as exc:
                self._problem(exc.detail, field)
                return None
        name, username = values["name"], values["username"]
        if name in self.config.profiles:
            self._problem(f"A profile named {name} already exists.", self._field("name"))
            return None
        if chosen == "api-production":
            return production_profile(name, username, read_only=read_only)
        if chosen == "api-test":
            return cte_profile(name, username, read_only=read_only)
        return custom_profile(name, values["url"], username, read_only=read_only)

    def action_save(self) -> None:
        if self._saving:
            return
        profile = self._profile()
        if profile is None:
            return
        config = Config(
            path=self.config.path,
            profiles=dict(self.config.profiles),
            default=self.config.default,
            extra=dict(self.config.extra),
        )
        config.add(profile, make_default=True)
        self._saving = True
        self._save(profile, config)

    @work(thread=True, exclusive=True, exit_on_error=False, description="saving the profile")
    def _save(self, profile: Profile, config: Config) -> None:
        """Writing the file (and making its folder) is disk I/O: never on the event loop."""
        try:
            save_config(config)
        except Exception as exc:
            why = exc.message if isinstance(exc, ConfigError) else f"{type(exc).__name__}: {exc}"
            self.post_message(self.Saved(profile, config, why))
            return
        self.post_message(self.Saved(profile, config, None))

    class Saved(Message):
        def __init__(self, profile: Profile, config: Config, problem: str | None) -> None:
            super().__init__()
            self.profile, self.config, self.problem = profile, config, problem

    def on_setup_screen_saved(self, message: Saved) -> None:
        self._saving = False
        if message.problem is not None:
            self._problem(message.problem, self._field("name"))
            return
        self.post_message(ProfileSaved(message.profile, message.config))
