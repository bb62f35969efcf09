"""Stage 4, derive: takes reports; gives what they imply but do not print: key figures and
shares (``keyfigures``) and changes and histories across years (``series``)."""
