"""Async client for the Openprovider REST API (``/v1beta``), SSL and auth calls only."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import ssl
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from tui_app import __version__
from tui_app.api.answers import decode_envelope, envelope_of, failure_for
from tui_app.api.errors import (
    ApiError,
    OpsslApiError,
    ProtocolError,
    RequestTimeout,
    TransportError,
)
from tui_app.api.first_read import can_send_first_read, first_read
from tui_app.api.models import REISSUE_FIELDS, ApiResult, Order, Page, Product, parse_warnings
from tui_app.api.parsers import emails, one, page, token, written_id
from tui_app.api.tls import tls_context
from tui_app.api.urls import is_loopback_host, normalize_base_url, without_credentials
from tui_app.api.writes import WriteEvent, WriteObserver, is_journaled, tell

if TYPE_CHECKING:
    import httpx

log = logging.getLogger(__name__)

T = TypeVar("T")

PRODUCTION_URL = "https://api.openprovider.eu/v1beta"
TEST_URL = "https://api.cte.openprovider.eu/v1beta"
USER_AGENT = f"opssl/{__version__}"
_HEADERS = {"User-Agent": USER_AGENT, "Accept": "application/json"}
# A retry is made only when at least this long (or the whole timeout) is left for it.
MIN_TRY = 1.0
# Seconds from a request to its answer or its error, retries of a read included.
DEFAULT_BUDGET = 15.0

OrderField = Literal[
    "common_name", "order_date", "active_date", "expiration_date", "status", "product_name"
]
ORDER_FIELDS: tuple[OrderField, ...] = (
    "common_name",
    "order_date",
    "active_date",
    "expiration_date",
    "status",
    "product_name",
)


class OpenproviderClient:
    """One method per API call the app makes; each returns an ``ApiResult``.

    Reads are retried on transport errors and on 5xx answers the API did not explain
    with an error envelope; writes are sent exactly once. The token is held privately
    and only ever placed in the ``Authorization`` header of a request.

    httpx is imported and its client built at the first request that needs them: the
    first one, when it is a read, is sent without them (``first_read.py``), so that the
    app's first page does not wait for ~55 ms of imports.
    """

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        timeout: float = DEFAULT_BUDGET,
        connect_timeout: float = 5.0,
        read_retries: int = 2,
        backoff: float = 0.3,
        transport: httpx.AsyncBaseTransport | None = None,
        on_write: WriteObserver | None = None,
        budget: float = DEFAULT_BUDGET,
    ) -> None:
        self.budget = max(0.0, budget)
        self.timeout = min(timeout, self.budget) if self.budget else timeout
        self.base_url = normalize_base_url(base_url)
        self._token = token or None
        # Told about every write once it ended (the journal); never about reads or logins.
        self.on_write = on_write
        self.read_retries = max(0, read_retries)
        self.connect_timeout = connect_timeout
        self.backoff = max(0.0, backoff)
        self._transport = transport
        self._tls: ssl.SSLContext | None = None
        self._httpx: httpx.AsyncClient | None = None
        self._building: asyncio.Future[httpx.AsyncClient] | None = None
        # Only the first request may go without httpx, and only while none went with it.
        self._first_read_open = transport is None

    @property
    def _http(self) -> httpx.AsyncClient:
        if self._httpx is None:
            self._httpx = self._new_httpx()
        return self._httpx

    async def _ready_http(self) -> httpx.AsyncClient:
        """The httpx client, imported and built in a thread the first time (~55 ms of
        imports that would otherwise hold the event loop, and the screen, still)."""
        if self._httpx is None:
            if self._building is None:
                self._building = asyncio.ensure_future(asyncio.to_thread(self._new_httpx))
            built = await asyncio.shield(self._building)
            if self._httpx is None:
                self._httpx = built
            elif built is not self._httpx:
                await built.aclose()
        return self._httpx

    def _new_httpx(self) -> httpx.AsyncClient:
        import httpx

        self._first_read_open = False
        return httpx.AsyncClient(
            base_url=self.base_url + "/",
            timeout=httpx.Timeout(self.timeout, connect=self.connect_timeout),
            headers=_HEADERS,
            transport=self._transport,
            follow_redirects=False,
            verify=self._tls_context(),
        )

    def _tls_context(self) -> ssl.SSLContext:
        if self._tls is None:
            self._tls = tls_context(self.base_url)
        return self._tls

    def __repr__(self) -> str:
        state = "with token" if self._token else "no token"
        return f"OpenproviderClient({self.base_url!r}, {state})"

    @property
    def has_token(self) -> bool:
        return self._token is not None

    def set_token(self, token: str | None) -> None:
        self._token = token or None

    async def aclose(self) -> None:
        self._first_read_open = False
        building, self._building = self._building, None
        if building is not None and not building.cancelled():
            # A build that failed (an import error) was reported where it was awaited.
            with contextlib.suppress(Exception):
                built = await building
                if built is not self._httpx:
                    await built.aclose()
        if self._httpx is not None:
            await self._httpx.aclose()

    async def __aenter__(self) -> OpenproviderClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # -- auth ---------------------------------------------------------------------

    async def login(self, username: str, password: str, ip: str | None = None) -> ApiResult[str]:
        """``POST /auth/login``; the token is returned, and also kept for later calls."""
        body: dict[str, str] = {"username": username, "password": password}
        if ip:
            body["ip"] = ip
        result = await self._call("POST", "auth/login", json_body=body, auth=False, parse=token)
        self._token = result.data
        return result

    # -- orders -------------------------------------------------------------------

    async def list_orders(
        self,
        *,
        common_name_pattern: str | None = None,
        statuses: Iterable[str] = (),
        show_expiring: bool = False,
        contact_handle: str | None = None,
        order_by: OrderField | None = None,
        descending: bool = False,
        limit: int = 100,
        offset: int = 0,
    ) -> ApiResult[Page[Order]]:
        """``GET /ssl/orders`` with every filter the API knows, all applied server-side."""
        params: list[tuple[str, str]] = [("limit", str(limit)), ("offset", str(offset))]
        if common_name_pattern:
            params.append(("common_name_pattern", common_name_pattern))
        params.extend(("status", s) for s in statuses)
        if show_expiring:
            params.append(("show_expiring", "true"))
        if contact_handle:
            params.append(("contact_handle", contact_handle))
        if order_by:
            if order_by not in ORDER_FIELDS:
                raise ValueError(f"cannot sort orders by {order_by!r}")
            params.append((f"order_by.{order_by}", "desc" if descending else "asc"))
        return await self._call("GET", "ssl/orders", params=params, parse=page(Order.from_api))

    async def get_order(self, order_id: int) -> ApiResult[Order]:
        """The order; an answer about another order is a ``ProtocolError`` (a screen waiting
        for this one would otherwise take it for a stale answer and wait for ever)."""
        result = await self._call("GET", f"ssl/orders/{int(order_id)}", parse=one(Order.from_api))
        if result.data.id != int(order_id):
            raise ProtocolError(
                f"The API answered with order {result.data.id} when asked for order "
                f"{int(order_id)}.",
                200,
            )
        return result

    async def update_order(self, order_id: int, changes: Mapping[str, Any]) -> ApiResult[int]:
        """``PUT /ssl/orders/{id}`` with exactly the given fields (plus ``id``). Never retried."""
        body = {"id": int(order_id), **changes}
        return await self._call(
            "PUT", f"ssl/orders/{int(order_id)}", json_body=body, parse=written_id
        )

    async def list_approver_emails(
        self, product_id: int, domain: str
    ) -> ApiResult[tuple[str, ...]]:
        params = [("product_id", str(int(product_id))), ("domain", domain)]
        return await self._call("GET", "ssl/approver-emails", params=params, parse=emails)

    async def update_approver_email(self, order_id: int, email: str) -> ApiResult[int]:
        body = {"id": int(order_id), "approver_email": email}
        path = f"ssl/orders/{int(order_id)}/approver-email"
        return await self._call("PUT", path, json_body=body, parse=written_id)

    async def resend_approver_email(self, order_id: int) -> ApiResult[int]:
        path = f"ssl/orders/{int(order_id)}/approver-email/resend"
        return await self._call("POST", path, json_body={"id": int(order_id)}, parse=written_id)

    async def reissue_order(self, order_id: int, fields: Mapping[str, Any]) -> ApiResult[int]:
        """``POST /ssl/orders/{id}/reissue``: a new CSR (required) for an ACT order; -> REQ."""
        unknown = set(fields) - REISSUE_FIELDS
        if unknown:
            raise ValueError(f"not a reissue field: {', '.join(sorted(unknown))}")
        if not fields.get("csr"):
            raise ValueError("a reissue needs a csr")
        body = {"id": int(order_id), **fields}
        path = f"ssl/orders/{int(order_id)}/reissue"
        return await self._call("POST", path, json_body=body, parse=written_id)

    async def renew_order(
        self, order_id: int, *, enable_dns_automation: bool | None = None
    ) -> ApiResult[int]:
        """``POST /ssl/orders/{id}/renew``; the API refuses it (25001) before the window opens."""
        body: dict[str, Any] = {"id": int(order_id)}
        if enable_dns_automation is not None:
            body["enable_dns_automation"] = enable_dns_automation
        path = f"ssl/orders/{int(order_id)}/renew"
        return await self._call("POST", path, json_body=body, parse=written_id)

    async def cancel_order(self, order_id: int) -> ApiResult[int]:
        """``POST /ssl/orders/{id}/cancel``: the CA revokes the certificate (-> REJ, then FAI)."""
        path = f"ssl/orders/{int(order_id)}/cancel"
        return await self._call("POST", path, json_body={"id": int(order_id)}, parse=written_id)

    # -- products -----------------------------------------------------------------

    async def list_products(self, *, limit: int = 100, offset: int = 0) -> ApiResult[Page[Product]]:
        params = [
            ("limit", str(limit)),
            ("offset", str(offset)),
            ("with_supported_software", "true"),
        ]
        return await self._call("GET", "ssl/products", params=params, parse=page(Product.from_api))

    async def get_product(self, product_id: int) -> ApiResult[Product]:
        path = f"ssl/products/{int(product_id)}"
        return await self._call("GET", path, parse=one(Product.from_api))

    # -- transport ----------------------------------------------------------------

    async def _call(
        self,
        method: str,
        path: str,
        *,
        parse: Callable[[Any], T],
        params: list[tuple[str, str]] | None = None,
        json_body: Mapping[str, Any] | None = None,
        auth: bool = True,
    ) -> ApiResult[T]:
        """Every call goes through here; writes are reported to ``on_write`` when they end."""
        observer = self.on_write
        if observer is None or not is_journaled(method, path):
            return await self._exchange(method, path, parse, params, json_body, auth)
        try:
            result = await self._exchange(method, path, parse, params, json_body, auth)
        except BaseException as exc:
            tell(observer, WriteEvent(method, path, self.base_url, json_body, error=exc))
            raise
        tell(observer, WriteEvent(method, path, self.base_url, json_body, result=result))
        return result

    async def _exchange(
        self,
        method: str,
        path: str,
        parse: Callable[[Any], T],
        params: list[tuple[str, str]] | None,
        json_body: Mapping[str, Any] | None,
        auth: bool,
    ) -> ApiResult[T]:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.budget
        try:
            async with asyncio.timeout_at(deadline):
                envelope = await self._attempts(method, path, params, json_body, auth, deadline)
        except TimeoutError:
            raise RequestTimeout(
                f"No answer from {self.base_url}/{path} within {self.budget:g} s (timed out)."
            ) from None
        data = envelope.get("data")
        try:
            parsed = parse(data)
        except Exception as exc:  # any parser surprise is the answer's shape, not a crash
            raise ProtocolError(
                f"The API's answer to {method} /{path} had an unexpected shape: "
                f"{type(exc).__name__}",
                200,
            ) from None
        return ApiResult(
            data=parsed,
            warnings=parse_warnings(envelope.get("warnings")),
            maintenance=envelope.get("maintenance") is True,
        )

    async def _attempts(
        self,
        method: str,
        path: str,
        params: list[tuple[str, str]] | None,
        json_body: Mapping[str, Any] | None,
        auth: bool,
        deadline: float,
    ) -> Mapping[str, Any]:
        """Send once; a read is tried again while the budget leaves room for a try."""
        loop = asyncio.get_running_loop()
        retries = self.read_retries if method == "GET" else 0
        attempt = 0
        while True:
            left = deadline - loop.time()
            try:
                return await self._send(method, path, params, json_body, auth, left)
            except (TransportError, ProtocolError) as exc:
                unexplained_5xx = isinstance(exc, ProtocolError) and exc.http_status >= 500
                if attempt >= retries or not (isinstance(exc, TransportError) or unexplained_5xx):
                    raise
                delay = self.backoff * (2**attempt)
                room = deadline - loop.time() - delay
                if room < min(MIN_TRY, self.timeout):
                    raise  # no time left for a try worth making
                log.info(
                    "%s %s failed (%s); retrying in %.2fs", method, path, type(exc).__name__, delay
                )
                attempt += 1
                await asyncio.sleep(delay)

    async def _send(
        self,
        method: str,
        path: str,
        params: list[tuple[str, str]] | None,
        json_body: Mapping[str, Any] | None,
        auth: bool,
        left: float,
    ) -> Mapping[str, Any]:
        """One request. Every failure is raised as a typed error, without the headers."""
        headers = {}
        if auth and self._token:
            headers["Authorization"] = f"Bearer {self._token}"
        where = f"{self.base_url}/{path}"
        if self._first_read_open:
            self._first_read_open = False
            if method == "GET" and can_send_first_read():
                loop = asyncio.get_running_loop()
                began = loop.time()
                wait = max(0.001, min(self.timeout, left))
                # Plain HTTP (loopback) needs no context: making one costs ~5 ms.
                tls = self._tls_context() if self.base_url[:6].lower() == "https:" else None
                answer = await first_read(
                    self.base_url, path, params, {**_HEADERS, **headers}, tls, wait
                )
                if answer is not None:
                    log.debug("%s /%s -> HTTP %s", method, path, answer.status)
                    return decode_envelope(answer.status, answer.content_type, answer.content)
                left -= loop.time() - began  # httpx sends it again, in what is left
        import httpx

        wait = max(0.001, min(self.timeout, left))

        http = await self._ready_http()
        failure: OpsslApiError | None = None
        try:
            response = await http.request(
                method,
                path,
                params=tuple(params) if params else None,
                json=json_body,
                headers=headers,
                timeout=httpx.Timeout(wait, connect=min(self.connect_timeout, wait)),
            )
            await response.aread()
        except (httpx.HTTPError, httpx.InvalidURL, UnicodeError, ValueError) as exc:
            failure = failure_for(exc, self.base_url, where, with_token=bool(headers))
        if failure is not None:
            # Raised outside the handler: httpx's exception (which can quote the headers,
            # the token among them) is not kept as this one's context.
            raise failure
        log.debug("%s /%s -> HTTP %s", method, path, response.status_code)
        return envelope_of(response)


__all__ = [
    "DEFAULT_BUDGET",
    "ORDER_FIELDS",
    "PRODUCTION_URL",
    "TEST_URL",
    "ApiError",
    "OpenproviderClient",
    "is_loopback_host",
    "normalize_base_url",
    "without_credentials",
]
