"""``POST /ssl/orders/{id}/reissue``: a new CSR for an issued order, back to the CA (REQ).

The API's rules (API notes §3.8, §7; written in ``api_rules``, not read from the
client's ``core``): only an ACT order; ``csr`` required and decodable (else 1030
"Invalid CSR"); the DCV rows must be exactly the new CSR's common name and SANs plus the
host names, one per host, a known method each, no file method on a wildcard, and email
only with an approver. Rows left out keep their method when their host stays. Every
check runs before any change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import tui_app.sandbox.api_rules as api_rules
import tui_app.sandbox.codes as codes
from tui_app.sandbox.answers import Outcome, SandboxError, Warning_
from tui_app.sandbox.bodies import request_body
from tui_app.sandbox.lifecycle import refuse_status

if TYPE_CHECKING:
    from tui_app.sandbox.store import SandboxStore


def reissue(store: SandboxStore, order_id: int, body: Any) -> Outcome:
    with store.lock:
        order = store.order(order_id)
        item = request_body(body, order_id, api_rules.REISSUE_FIELDS)
        refuse_status(order, "reissued", api_rules.REISSUE_FROM)
        if item.get("csr") in (None, ""):
            raise SandboxError(codes.INVALID_PARAMETER, "csr is required to reissue an order")
        csr = api_rules.read_csr(item["csr"])
        host_names = list(order.host_names)
        if "host_names" in item:
            api_rules.refuse_host_names(order.product)
            host_names = api_rules.read_host_names(item["host_names"], order.product)
        hosts = api_rules.dcv_hosts(csr.common_name, csr.sans, host_names)
        approver = order.email_approver
        if "approver_email" in item:
            approver = api_rules.check_approver(csr.common_name, item["approver_email"])
        handle = order.organization_handle
        if "organization_handle" in item:
            handle = api_rules.check_handle("organization_handle", item["organization_handle"])
        software = order.software
        if "software_id" in item:
            software = api_rules.check_software(item["software_id"], order.product)
        api_rules.check_bool(item, "enable_dns_automation")
        ignored = api_rules.ignored_algorithm(item)
        if "domain_validation_methods" in item:
            rows, approver = api_rules.read_dcv_rows(
                item["domain_validation_methods"], csr.common_name, approver
            )
            methods = api_rules.check_dcv_rows(rows, hosts, approver)
        else:
            methods = api_rules.kept_methods(order.dcv, hosts)
            api_rules.check_dcv_rows(list(methods.items()), hosts, approver)
        # Every check passed: the CA gets the new request.
        order.use_csr(csr.text, csr.der, csr.common_name, csr.sans)
        order.host_names = host_names
        order.dcv = {h: methods[h] for h in hosts}
        for host in hosts:
            order.regenerate_dcv(host)
        order.email_approver = approver
        order.organization_handle = handle
        order.software = software
        order.status = "REQ"
        warnings = [
            Warning_(
                codes.WARN_SENT_TO_CA,
                "The reissue was sent to the CA; complete domain validation for every host",
                ", ".join(f"{h}: {m}" for h, m in order.dcv.items()),
            )
        ]
        if ignored is not None:
            warnings.append(ignored)
        return Outcome({"id": order.id}, warnings)
