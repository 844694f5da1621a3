"""The edit form against a bare Textual form: opening it, and a submit round trip.

Children of ``harness.run_child`` (``run.py`` runs and prints them), on the 10,000-order
sandbox process, both sides over the same loopback HTTP:

- open: from the ``e`` press on a REQ order to the form drawn and idle. opssl reads the
  order, its product and the approver list and builds its fields; the bare app reads the
  order and pushes a screen with the same kinds of widgets (a CSR text area, three inputs,
  a select, a switch, a table of DCV rows);
- submit: from ``enter`` in the diff dialog to the form back, idle, with the re-read
  order (opssl: one PUT with only the DCV methods, then the order read again); the bare
  app sends the same PUT and GET from a key and redraws its table.

``benchmarks/edit_form.py`` has the in-process figures per order and terminal size.
"""

from __future__ import annotations

import time
from typing import Any

from harness import Figures, FirstFrame, current_rss_mb, idle, until

SIZE = (160, 48)


def _target(url: str, token: str) -> tuple[int, int, dict[str, Any]]:
    """A REQ order on the first page whose first host may use http: (index, id, order)."""
    import httpx

    headers = {"Authorization": f"Bearer {token}"}
    page = httpx.get(f"{url}/ssl/orders", params={"limit": 100}, headers=headers).json()
    for index, row in enumerate(page["data"]["results"]):
        if row["status"] != "REQ":
            continue
        order = httpx.get(f"{url}/ssl/orders/{row['id']}", headers=headers).json()["data"]
        methods = order.get("domain_validation_methods") or []
        if methods and not methods[0]["host_name"].startswith("*"):
            return index, int(row["id"]), order
    raise LookupError("no REQ order with a plain first host on the first page")


def _switch_key(order: dict[str, Any]) -> str:
    """The method key that changes the first row (dns <-> http), so every run sends."""
    return "h" if order["domain_validation_methods"][0]["method"] == "dns" else "d"


# -- opssl -----------------------------------------------------------------------------------


async def opssl_form(url: str, token: str) -> Figures:
    from tui_app.core.edit_session import Phase
    from tui_app.core.environment import Connection, Kind
    from tui_app.startup import StartPlan, launch
    from tui_app.ui.browser.screen import BrowserScreen
    from tui_app.ui.edit.dcv_rows import DcvList
    from tui_app.ui.edit.screen import EditScreen
    from tui_app.ui.edit.warnings_panel import WarningsPanel

    index, order_id, order = _target(url, token)
    figures: Figures = {}

    def ready(app: Any) -> bool:
        screen = app.screen
        # Ready: the form is up and neither sending nor waiting to read a send back.
        return isinstance(screen, EditScreen) and screen.session.phase is Phase.READY

    def sent(app: Any) -> bool:
        return "Changes sent" in [n.title for n in app._notifications]

    async def until_ready(app: Any, pilot: Any) -> None:
        await until(lambda: ready(app), pilot, "the form ready")

    async def run(app: Any) -> None:
        async with app.run_test(size=SIZE) as pilot:
            await idle(pilot)
            browser = app.screen_stack[0]
            assert isinstance(browser, BrowserScreen)
            browser.table.move_to(index)
            await idle(pilot)
            assert browser.table.current_row is not None
            assert browser.table.current_row.id == order_id

            pressed = time.perf_counter()
            await pilot.press("e")
            await until_ready(app, pilot)
            await idle(pilot)
            figures["open"] = time.perf_counter() - pressed

            rows = app.screen.query_one(DcvList)
            assert app.focused is rows
            before = rows.rows[0][1]
            frame = FirstFrame(app, lambda: rows.rows[0][1] != before)
            pressed = time.perf_counter()
            await pilot.press(_switch_key(order))
            await idle(pilot)
            figures["key"] = frame.since(pressed)
            assert rows.rows[0][1] != order["domain_validation_methods"][0]["method"]

            await pilot.press("ctrl+s")
            await idle(pilot)
            assert type(app.screen).__name__ == "DiffDialog", type(app.screen).__name__
            pressed = time.perf_counter()
            await pilot.press("enter")
            # Until the send's own sign that it is done, as the bare side waits for its
            # ``done`` (the form is READY again as soon as the dialog closes, before the
            # send starts: a bare ``until_ready`` needed an idle pause first, ~20 ms the
            # bare side did not pay).
            await until(lambda: sent(app) and ready(app), pilot, "the send and its re-read")
            await idle(pilot)
            figures["submit"] = time.perf_counter() - pressed
            assert sent(app)
            assert app.screen.query_one(WarningsPanel).display  # the API's warning shown
            figures["rss_mb"] = current_rss_mb()

    plan = StartPlan(url, token, Connection(url, Kind.CUSTOM, "OPSSL_TOKEN"))
    await launch(plan, run)
    return figures


# -- the bare Textual form -------------------------------------------------------------------


async def bare_form(url: str, token: str) -> Figures:
    import httpx
    from rich.text import Text
    from textual import work
    from textual.app import App, ComposeResult
    from textual.screen import Screen
    from textual.widgets import (
        DataTable,
        Input,
        Label,
        ListItem,
        ListView,
        Select,
        Static,
        Switch,
        TextArea,
    )

    index, order_id, _ = _target(url, token)
    figures: Figures = {}
    headers = {"Authorization": f"Bearer {token}"}

    class Methods(ListView):
        """A bare list widget of host rows; a method key rewrites the highlighted one."""

        BINDINGS = [("d", "method('dns')", "dns"), ("h", "method('http')", "http")]

        def action_method(self, method: str) -> None:
            item = self.highlighted_child
            if item is not None:
                label = item.query_one(Label)
                host = str(label.content).split("  ")[0]
                label.update(Text(f"{host}  [{method}]"))

    class Form(Screen[None]):
        BINDINGS = [("ctrl+s", "send", "Send")]

        def __init__(self, order: dict[str, Any]) -> None:
            super().__init__()
            self.order = order
            self.done = False

        def compose(self) -> ComposeResult:
            yield Static(Text(f"Order {self.order['id']} {self.order['common_name']}"))
            yield TextArea(self.order.get("csr") or "", id="csr")
            for name in ("organization_handle", "technical_handle", "email_approver"):
                yield Input(str(self.order.get(name) or ""), id=name)
            yield Select([("linux", "linux"), ("windows", "windows")], value="linux")
            yield Switch(self.order.get("autorenew") == "on")
            rows: DataTable[Text] = DataTable(id="rows")
            rows.add_columns("Host", "Method")
            yield rows
            yield Methods(
                *(
                    ListItem(Label(Text(f"{m['host_name']}  [{m['method']}]")))
                    for m in self.order["domain_validation_methods"]
                ),
                id="methods",
            )

        def on_mount(self) -> None:
            self.fill(self.order)
            self.query_one(Methods).focus()

        def fill(self, order: dict[str, Any]) -> None:
            rows = self.query_one("#rows", DataTable)
            rows.clear()
            for method in order["domain_validation_methods"]:
                rows.add_row(Text(method["host_name"]), Text(method["method"]))

        @work(exclusive=True)
        async def action_send(self) -> None:
            methods = [dict(m) for m in self.order["domain_validation_methods"]]
            methods[0]["method"] = "http" if methods[0]["method"] == "dns" else "dns"
            body = {
                "id": order_id,
                "domain_validation_methods": [
                    {"host_name": m["host_name"], "method": m["method"]} for m in methods
                ],
            }
            async with httpx.AsyncClient(headers=headers) as client:
                sent = await client.put(f"{url}/ssl/orders/{order_id}", json=body)
                assert sent.json()["code"] == 0
                read = await client.get(f"{url}/ssl/orders/{order_id}")
            self.order = read.json()["data"]
            self.fill(self.order)
            self.done = True

    class Bare(App[None]):
        BINDINGS = [("e", "edit", "Edit")]

        def compose(self) -> ComposeResult:
            table: DataTable[Text] = DataTable(cursor_type="row")
            table.add_columns("Order", "Common name", "Product", "Status", "Expires", "Autorenew")
            for i in range(100):
                table.add_row(*(Text(str(v)) for v in (order_id + i, "host", "SSL", "REQ", "", "")))
            yield table

        @work(exclusive=True)
        async def action_edit(self) -> None:
            async with httpx.AsyncClient(headers=headers) as client:
                read = await client.get(f"{url}/ssl/orders/{order_id}")
            await self.push_screen(Form(read.json()["data"]))

    app = Bare()
    async with app.run_test(size=SIZE) as pilot:
        await idle(pilot)
        app.query_one(DataTable).move_cursor(row=index)
        await idle(pilot)
        pressed = time.perf_counter()
        await pilot.press("e")
        await until(lambda: isinstance(app.screen, Form), pilot, "the bare form")
        await idle(pilot)
        figures["open"] = time.perf_counter() - pressed
        form = app.screen
        assert isinstance(form, Form)
        methods = form.query_one(Methods)
        assert app.focused is methods
        label = methods.query(Label).first()
        before = str(label.content)
        frame = FirstFrame(app, lambda: str(label.content) != before)
        pressed = time.perf_counter()
        await pilot.press(_switch_key(form.order))
        await idle(pilot)
        figures["key"] = frame.since(pressed)
        assert "[" in str(label.content) and str(label.content) != before
        pressed = time.perf_counter()
        await pilot.press("ctrl+s")
        await until(lambda: form.done, pilot, "the bare send")
        await idle(pilot)
        figures["submit"] = time.perf_counter() - pressed
        figures["rss_mb"] = current_rss_mb()
    return figures
