"""Many orders at once: the DCV switch of marked orders, and an order's journal."""
