"""Stage 6, charts (installed as ``jixiao.charts``): takes reports; gives chart data with text
alternatives and tables (``catalog`` for a year, ``trends`` across years, shapes in ``data``),
one drawing function a chart (``draw``) on a plot of its figure (``plot``), deterministic SVG
in the packaged style and font (``render``, ``fonts``), cached by data and code
(``fingerprint``) and handed to the site with what the page shows beside each (``assets``),
drawn by worker processes (``jixiao.infra.workers``)."""
