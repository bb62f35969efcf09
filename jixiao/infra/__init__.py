"""Infrastructure under the stages and around them; it takes paths, bytes and values, and gives
one ``StaffError`` shape and the exit codes for everything that can go wrong in a command
besides the data (``errors``), writing files without losing any (``safe_write``, with
``leftovers`` for what a killed run left behind), the build's worker processes (``workers``),
the one build cache (``memo``) and what keys it (``fingerprint``).  Any stage may raise an
error or write a file; no stage imports the cache: ``build`` and the plugin call it around
them."""
