"""How results and progress look on a terminal: every line, table and bar."""
