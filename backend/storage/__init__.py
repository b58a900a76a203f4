"""Project-scoped media paths: every request path is resolved inside its project folder, never outside it."""
