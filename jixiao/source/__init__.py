"""Stage 1, source: takes data files as bytes; gives plain values with their positions
(``yamlsource``), one located ``Problem`` shape for everything that can be wrong in them
(``problems``), old data files in the current shape (``upgrade``), and data files as
commented YAML, as staff write them (``yamlwrite``)."""
