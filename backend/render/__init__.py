"""Render the timeline to one file (docs/render.md): ``plan`` (what is seen and heard when), ``video`` (sequential
decoding of each source segment, letterboxed to the project's size), ``audio`` (the 48 kHz stereo mix), ``encode``
(H.264/AAC MP4, ProRes or DNxHR MOV), ``formats`` (what the FFmpeg build can write), ``timeline`` (the render's input:
tracks and clips with resolved files) and ``run`` (the whole render, frame by frame). Plain data in, a file out: the
request → job and the database rows → ``timeline`` live in ``backend.services.render``."""
