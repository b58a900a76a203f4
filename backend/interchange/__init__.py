"""Interchange with other editors: the timeline as an OpenTimelineIO (OTIO) timeline, written as .otio, CMX 3600 EDL
or Final Cut Pro XML, and read back from .otio (docs/architecture.md, "Interchange and archives")."""
