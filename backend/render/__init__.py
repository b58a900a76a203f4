"""Render the timeline to one file (docs/render.md): ``plan`` (what is seen and heard when), ``video`` (sequential
decoding of each source segment, letterboxed to the project's size), ``audio`` (the 48 kHz stereo mix), ``encode``
(H.264/AAC MP4, ProRes or DNxHR MOV), ``formats`` (what the FFmpeg build can write), ``timeline`` (the database rows →
a plan's inputs), ``run`` (the whole render, frame by frame) and ``service`` (the request → a job)."""
