"""Control clips for IC-LoRA generation: a video turned into the guide a shot follows (edges, depth, pose, or as
it is)."""
