"""Stage 8, post-build: takes the folder MkDocs built; gives it back with Chinese search
splitting corrected (``search_segmentation``, with the fiscal dictionary ``search_terms.txt``),
refused if it loads anything from another host (``host_audit``), and zipped as the offline
site (``bundle``)."""
