"""jixiao（绩效）：把每年一份的 YAML 数据变成部门整体支出绩效自评报告的网页。

The pipeline, in order: ``yamlsource`` (YAML text to plain values with
positions), ``loader`` (plain values to the typed ``model``), ``derive``
(figures the report implies), ``render`` (Markdown through Jinja2) and
``site`` (every generated page as plain text).  ``mkdocs_adapter`` is the
only module that knows MkDocs.
"""
