"""Stage 7, open data: takes reports and their files' git history; gives the downloads
(``downloads``: CSV, XLSX, JSON), the data files' JSON Schema (``schema``), figure-by-figure
changes between versions (``diff``, ``revisions`` for ``jixiao diff``), the revision history
(``gitdata``, ``history``) and the pages and page parts that show them (``pages``)."""
