"""Stage 8, post-build: takes the folder MkDocs built; corrects Chinese search splitting
(``search_segmentation``, with the fiscal dictionary ``search_terms.txt``), refuses output
that loads anything from another host (``host_audit``) and zips the offline site
(``bundle``)."""
