"""The package's version: a leaf, so that any module may name it without importing the pipeline."""

__version__ = "0.1.0"
