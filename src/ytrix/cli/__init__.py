"""The command-line layer: parse, call one ops function, render. No API or file logic."""
