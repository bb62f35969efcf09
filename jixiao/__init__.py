"""jixiao（绩效）：把每年一份的 YAML 数据变成部门整体支出绩效自评报告的网页。

The pipeline, one stage a subpackage, each importing only from the stages
before it:

``source``    data files as text: YAML with positions, located problems, safe writing
``model``     the typed report: figures with units, the schema, one walker
``checks``    rules between figures, reviews, confidentiality
``derive``    figures a report implies: key figures, grades, series across years
``pages``     Markdown pages through Jinja2 templates
``charts``    chart data, drawing and deterministic SVG
``opendata``  downloads, JSON Schema, ``jixiao diff``, revision history
``postbuild`` steps on the built site: search index (Pagefind), audits, offline bundle

On top: ``build`` (the one load → audit → generate sequence), ``sitecache``
(the last generated site, handed back while nothing it is made of changed),
``cli`` (the ``jixiao`` command), ``newsite`` (``jixiao init``: another
department's site folder), ``importer`` (``jixiao import``) and ``plugin`` (the
MkDocs plugin, the only module that knows MkDocs besides the post-build steps
that read its output).
"""
