"""Stage 3, checks: takes a ``Report``; gives findings of the named rules between its figures
(``rules``, with ``intervals`` for rounding and approximate figures) set against the reviews
staff recorded, personal data included (``audit``)."""
