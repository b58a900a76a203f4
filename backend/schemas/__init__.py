"""Request and response bodies of the HTTP API (the OpenAPI schema the web app's types are generated from)."""
