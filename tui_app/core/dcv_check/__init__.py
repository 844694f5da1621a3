"""DCV pre-flight: is each host's record or file visible the way the CA will look for it?

Textual-free and read-only (nothing here talks to the Openprovider API). The modules are
imported one by one: ``settings`` and ``model`` are light (the config file and the
command line use them); ``checker`` brings in dnspython and httpx when a check runs.
"""
