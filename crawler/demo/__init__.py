"""The bundled demo shop and the small static server that serves it (and the test sites)."""
