"""Stage 2, model: takes the plain values of a year file; gives a typed, validated ``Report``
(``report``, with ``figures``: printed text, Decimal value, unit) or every problem at once
(``loader``), one walker over any report (``walk``), and next year's blank file (``newyear``)."""
