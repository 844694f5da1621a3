"""The edit form: one order's editable fields, its DCV rows, the diff and the send."""
