"""Who runs jobs: the in-process worker (``worker.py``, the default) or the Ray executor (``ray_executor.py``, its
actors in ``ray_slot.py``), both through ``execution.py``; the handler for each kind in ``handlers/``."""
