"""Stage 8, post-build: takes the folder MkDocs built; gives it back with its search index
(``search_index`` with Pagefind, from the report text ``search_sections`` reads; or for the
offline bundle ``search_offline``), refused if it holds personal data (``personal_audit``) or
loads anything from another host (``host_audit``), and zipped as the offline site (``bundle``);
a county portal's shard leaves what the merge needs (``shards``), and the merge makes the shards
one site (``shard_merge``)."""
