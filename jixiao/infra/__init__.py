"""Infrastructure outside the stages: the one build cache (``memo``) and what keys it
(``fingerprint``).  No stage imports the cache; ``build`` and the plugin call it around them."""
