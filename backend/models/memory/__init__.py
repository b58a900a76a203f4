"""Run where the user's card is: the measured memory budget, the plan for a model (resident, FP8, streamed or refused)
and the means to carry it out (FP8 weights through torchao, diffusers' group offloading, regional compilation)."""
