"""LoRA files: what each one is (family, rank, trigger words, whether it fits the model), read from its header."""
