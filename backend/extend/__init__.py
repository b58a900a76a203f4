"""Storyboard engine: Smart Continue chains (and, later, screenplay to scenes and shots)."""
