"""Import an existing report (text, Markdown, Word, Excel or PDF) as a year's data file.

It takes a source file and gives the text of a data file: ``read`` turns the source into
paragraphs, ``outline`` finds the title, cover, contents, numbered sections and signature,
``figures`` structures the figures it can read without guessing, ``write`` prints it all as a
commented YAML file in source order, and ``run`` ties them together for ``jixiao import``.
It sits beside the top (it reads the model and the checks, nothing reads it but the CLI).
"""
