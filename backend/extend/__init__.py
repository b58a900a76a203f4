"""Smart Continue: extend a shot by chunks of LTX-2 generation with latent handoff.

Pure planning only (how many chunks, how they overlap, what each chunk needs); the chain's rows live in
``backend.services.extend_chains`` and the generation loop in ``backend.worker.handlers.extend``.
"""
