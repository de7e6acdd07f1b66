"""One module per command group: parse flags, build a request, call one use case,
hand the result to a view."""
