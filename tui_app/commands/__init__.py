"""The scripting commands (``opssl orders|dcv|cert|csr|history``): no Textual, stable output.

Each module registers its subcommands with ``add_parsers`` and runs them with ``run``;
``session`` holds what they share (the API and token, exit codes, confirmation).
"""
