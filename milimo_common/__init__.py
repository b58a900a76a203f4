"""What the studio's API (``backend``) and its SAM 3 service (``milimo_sam``) share, so neither imports the other:
the settings both processes read, and the marker that says a model folder holds tiny random test weights."""
