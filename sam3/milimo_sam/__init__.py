"""Milimo's SAM 3 segmentation service: masks from text, boxes and clicks, and objects tracked through clips.

It runs as its own process (``python -m milimo_sam serve``, port 8001 by default) so that the studio API never loads
SAM 3 itself; the API calls it over loopback HTTP. See ``sam3/README.md`` for the contract.
"""

__version__ = "0.1.0"
