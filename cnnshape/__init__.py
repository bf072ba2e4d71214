"""cnnshape: static shape inference for convolutional networks, exactly as PyTorch computes it."""

__version__ = "0.1.0"
