"""The facts of the formats that both the client and the simulator read.

PEM and a CSR's structure (common name, SANs, key), host-name syntax, control characters
in pasted text: what the formats are, not what the API or the client decide about them.
The client's rules live in ``core``, the API's own reading in ``sandbox.api_rules``; this
package imports neither (nor ``api`` or ``ui``), so the two readings stay independent.
"""
