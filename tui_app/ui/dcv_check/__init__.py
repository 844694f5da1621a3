"""The DCV pre-flight screen (``v`` in the browser and the edit form)."""
