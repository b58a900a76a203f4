"""Media files with PyAV and Pillow: MP4 writing and reading, thumbnails, stitching, masks, uploads, filmstrips."""

from backend.media.video_reader import probe_media, read_video_frames
from backend.media.video_writer import write_mp4, write_thumbnail

__all__ = ["probe_media", "read_video_frames", "write_mp4", "write_thumbnail"]
