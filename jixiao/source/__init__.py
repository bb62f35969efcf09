"""Stage 1, source: takes data files as bytes; gives plain values with their positions
(``yamlsource``), one located ``Problem`` shape for everything that can be wrong in them
(``problems``), one ``StaffError`` shape and the exit codes for everything else that can go
wrong in a command (``errors``), writing files without losing any (``safe_write``), and
data files as commented YAML, as staff write them (``yamlwrite``)."""
