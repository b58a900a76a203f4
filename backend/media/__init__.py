"""Media files: encoding generated frames/audio to MP4, thumbnails, and probing/reading media with PyAV."""

from backend.media.video_writer import probe_media, read_video_frames, write_mp4, write_thumbnail

__all__ = ["probe_media", "read_video_frames", "write_mp4", "write_thumbnail"]
