"""``PUT /ssl/orders/{id}``: every check first, then every change, or nothing.

What each status lets change, and how each value is read, are the API's rules in
``api_rules`` (API notes §3.6, §6.2, §7); this module applies them in the order the
simulator has always checked them, so the first problem found is the one answered.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import tui_app.sandbox.api_rules as api_rules
import tui_app.sandbox.codes as codes
from tui_app.sandbox.answers import Outcome, SandboxError, Warning_
from tui_app.sandbox.bodies import order_body
from tui_app.sandbox.orders import StoredOrder

if TYPE_CHECKING:
    from tui_app.sandbox.store import SandboxStore

_HANDLES = ("organization_handle", "technical_handle")


def update_order(store: SandboxStore, order_id: int, body: Any) -> Outcome:
    with store.lock:
        order = store.order(order_id)
        return OrderUpdate(order, order_body(body, order_id)).apply()


class OrderUpdate:
    """One update of one order: the checks, then the changes and the warnings they make."""

    def __init__(self, order: StoredOrder, body: dict[str, Any]) -> None:
        self.order = order
        self.body = body
        self.fields = [k for k in body if k != "id"]
        self.warnings: list[Warning_] = []

    def refuse_fields(self) -> None:
        order = self.order
        api_rules.refuse_update_fields(order.status, order.id, self.fields)
        if "host_names" in self.fields:
            api_rules.refuse_host_names(order.product)
        api_rules.refuse_locked_fields(order.status, self.fields)

    def apply(self) -> Outcome:
        self.refuse_fields()
        order, body = self.order, self.body
        cn, sans = order.common_name, order.csr_sans
        csr = api_rules.read_csr(body["csr"]) if "csr" in body else None
        if csr is not None:
            cn, sans = csr.common_name, csr.sans
        host_names = list(order.host_names)
        if "host_names" in body:
            host_names = api_rules.read_host_names(body["host_names"], order.product)
        handles = {n: api_rules.check_handle(n, body[n]) for n in _HANDLES if n in body}
        if "software_id" in body:
            api_rules.check_software(body["software_id"], order.product)
        if "autorenew" in body and body["autorenew"] not in ("on", "off"):
            raise SandboxError(codes.INVALID_PARAMETER, "autorenew must be 'on' or 'off'")
        for name in ("start_provision", "enable_dns_automation"):
            api_rules.check_bool(body, name)
        ignored = api_rules.ignored_algorithm(body)
        approver = order.email_approver
        if "approver_email" in body:
            approver = api_rules.check_approver(cn, body["approver_email"])
        hosts = api_rules.dcv_hosts(cn, sans, host_names)
        if "domain_validation_methods" in body:
            rows, approver = api_rules.read_dcv_rows(
                body["domain_validation_methods"], cn, approver
            )
            methods = api_rules.check_dcv_rows(rows, hosts, approver)
        else:
            methods = api_rules.kept_methods(order.dcv, hosts)
        provision = body.get("start_provision") is True
        if provision and "email" in methods.values() and not approver:
            raise SandboxError(
                codes.DCV_APPROVER_MISSING, "Email validation needs an approver email address"
            )
        # Everything checked: apply.
        if csr is not None:
            order.use_csr(csr.text, csr.der, csr.common_name, csr.sans)
            for host in hosts:
                order.regenerate_dcv(host)
        order.host_names = host_names
        self.change_methods(methods)
        order.email_approver = approver
        for name, handle in handles.items():
            setattr(order, name, handle)
        if "software_id" in body:
            order.software = body["software_id"]
        if "autorenew" in body:
            order.autorenew = body["autorenew"] == "on"
        if ignored is not None:
            self.warnings.append(ignored)
        if provision:
            order.status = "REQ"
            self.warnings.append(
                Warning_(
                    codes.WARN_SENT_TO_CA,
                    "The order was sent to the CA; complete domain validation for every host",
                    ", ".join(f"{h}: {m}" for h, m in methods.items()),
                )
            )
        return Outcome({"id": order.id}, self.warnings)

    def change_methods(self, methods: dict[str, str]) -> None:
        """A host whose method changes gets new validation data from the CA, and a warning."""
        order = self.order
        for host, method in methods.items():
            old = order.dcv.get(host)
            if old is not None and old != method:
                order.regenerate_dcv(host)
                self.warnings.append(
                    Warning_(
                        codes.WARN_DCV_DATA_CHANGED,
                        "Domain validation method changed; the CA issued new validation data",
                        f"{host}: {old} -> {method}",
                    )
                )
        order.dcv = methods
