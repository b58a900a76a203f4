"""The event bus: persisted events with increasing ids, replay with Last-Event-ID, and what the studio publishes."""
