"""Everything the form needs before it can be shown, read fresh from the API.

The order itself, its product (multi-domain? wildcard? which software?) and, where the
approver email can change, the addresses the API offers. Only the order is required:
without the product or the address list the form still opens and says what it lacks.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace

from tui_app.api import (
    AuthenticationError,
    OpenproviderClient,
    OpsslApiError,
    Order,
    Product,
)
from tui_app.core.fields import APPROVER_EMAIL, lock_reason
from tui_app.ui.formatting import safe


@dataclass(frozen=True, slots=True)
class FormContext:
    """A fresh order and what goes with it; ``*_problem`` says why a part is missing.

    ``approver_options`` is None when the list was not needed or could not be read;
    the approver field is then a typed address (see ``approver_problem``).
    ``approver_domain`` is the domain the list was read for (it follows the CSR).
    """

    order: Order
    product: Product | None = None
    product_problem: str | None = None
    approver_options: tuple[str, ...] | None = None
    approver_problem: str | None = None
    maintenance: bool = False
    approver_domain: str = ""


def approver_domain(order: Order) -> str:
    """The domain the approver list is asked for: the common name without ``*.``."""
    return order.common_name.strip().lower().removeprefix("*.")


async def _product(client: OpenproviderClient, product_id: int) -> Product:
    return (await client.get_product(product_id)).data


async def _approvers(client: OpenproviderClient, product_id: int, domain: str) -> tuple[str, ...]:
    return (await client.list_approver_emails(product_id, domain)).data


def approver_list_problem(why: str) -> str:
    return (
        f"The API's approver list could not be read ({why}); "
        "type the address, it is checked as an address only"
    )


def _why(error: BaseException) -> str:
    if isinstance(error, OpsslApiError):
        return safe(error.message)
    return safe(f"{type(error).__name__}: {error}")


def _same_sides(previous: FormContext, order: Order) -> bool:
    """After a send the product and the approver list are what they were, unless the
    order now names another product or domain, or its status now asks for the list."""
    if previous.product is None or previous.product_problem or previous.approver_problem:
        return False  # a side that failed is read again
    domain = approver_domain(order)
    wants = lock_reason(order.status, APPROVER_EMAIL) is None and bool(domain)
    had = previous.approver_options is not None
    return (
        order.product_id == previous.product.id
        and wants == had
        and (domain if wants else "") == previous.approver_domain
    )


def _sides_wanted(order: Order) -> tuple[int | None, str]:
    """The product the order names and the domain its approver list is read for ("" when
    the status does not let the approver change: no list is read)."""
    domain = approver_domain(order)
    wants = lock_reason(order.status, APPROVER_EMAIL) is None and bool(domain)
    return order.product_id, domain if wants else ""


async def fetch_context(
    client: OpenproviderClient,
    order_id: int,
    previous: FormContext | None = None,
    listed: Order | None = None,
) -> FormContext:
    """``GET`` the order, then its product and approver list side by side.

    ``previous``: after a send, only the order is read again; the product and the
    approver list it had are kept when the order still names the same ones (a send
    changes neither). Opening and f5 read all three.

    ``listed``: the order as the list showed it (on opening). Its product and approver
    list are read beside the order itself, and used only if the fresh order names the
    same product and domain (and its status the same need for the list); else they are
    read again for the fresh order.

    Raises ``OpsslApiError`` when the order cannot be read. A refused token on the side
    calls is raised too (the sign-in flow must see it); other side failures become notes.
    """
    if previous is None and listed is not None and listed.id == order_id:
        guessed = _sides_wanted(listed)
        product_id, domain = guessed
        if product_id is not None:
            answer, sides = await asyncio.gather(
                client.get_order(order_id),
                _read_sides(client, product_id, domain),
                return_exceptions=True,  # the sides are waited for when the order fails
            )
            if isinstance(answer, BaseException):
                raise answer
            if isinstance(sides, BaseException):
                raise sides  # cancelled: ``_read_sides`` returns its failures
            result = answer
            if _sides_wanted(result.data) == guessed:
                return _context(result.data, result.maintenance, domain, sides)
            return await _fetch_sides(client, result.data, result.maintenance)
    result = await client.get_order(order_id)
    order = result.data
    if previous is not None and _same_sides(previous, order):
        return replace(previous, order=order, maintenance=result.maintenance)
    return await _fetch_sides(client, order, result.maintenance)


Sides = tuple[Product | BaseException, tuple[str, ...] | BaseException | None]


async def _read_sides(client: OpenproviderClient, product_id: int, domain: str) -> Sides:
    """The product and (for a ``domain``) the approver list, side by side; a failure is
    returned, not raised (``_context`` decides what it means)."""
    if domain:
        product, approvers = await asyncio.gather(
            _product(client, product_id),
            _approvers(client, product_id, domain),
            return_exceptions=True,
        )
        return product, approvers
    (product,) = await asyncio.gather(_product(client, product_id), return_exceptions=True)
    return product, None


async def _fetch_sides(client: OpenproviderClient, order: Order, maintenance: bool) -> FormContext:
    product_id, domain = _sides_wanted(order)
    if product_id is None:
        return FormContext(
            order,
            product_problem="The order names no product; host names follow the order",
            approver_problem="The order names no product, so the API cannot list addresses; "
            "type the address",
            maintenance=maintenance,
        )
    return _context(order, maintenance, domain, await _read_sides(client, product_id, domain))


def _context(order: Order, maintenance: bool, domain: str, sides: Sides) -> FormContext:
    """The order with its product and approver list as read (a failure becomes a note)."""
    product_answer, approver_answer = sides
    for answer in (product_answer, approver_answer):
        if isinstance(answer, AuthenticationError):
            raise answer  # the sign-in flow must see a refused token
        if isinstance(answer, BaseException) and not isinstance(answer, Exception):
            raise answer  # a cancellation is not a note
    product: Product | None = None
    product_problem: str | None = None
    if isinstance(product_answer, BaseException):
        product_problem = (
            f"The product could not be read ({_why(product_answer)}); host names are allowed "
            "only if the order has some, software is linux or windows"
        )
    else:
        product = product_answer
    options: tuple[str, ...] | None = None
    approver_problem: str | None = None
    if isinstance(approver_answer, BaseException):
        approver_problem = approver_list_problem(_why(approver_answer))
    else:
        options = approver_answer
    return FormContext(
        order, product, product_problem, options, approver_problem, maintenance, domain
    )
