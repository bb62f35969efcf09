"""Stage 5, pages: takes reports, their audit and derived figures; gives Markdown pages
(``render`` with ``templates/*.md.j2``), every data text escaped on its way in
(``markdown``), with the 核对说明 and 更正说明 placed beside their figures (``notes``)."""
