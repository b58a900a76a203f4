"""The HTTP API: the FastAPI app factory, thin routes per resource (``routes/``), dependencies, errors, middleware."""
