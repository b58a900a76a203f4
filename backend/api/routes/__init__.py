"""One FastAPI router per resource: each validates its request and delegates to ``backend.services``."""
