"""Jinja's compiled templates, kept in memory for the process (never on disk).

Compiling templates costs more than rendering a page, so a ``mkdocs serve``
session keeps what it compiled between rebuilds.  Jinja checks each entry
against its template's source before using it; entries live only in this
process, so nothing read back was written by anyone else.
"""

from __future__ import annotations

import jinja2
import jinja2.bccache


class CompiledTemplates(jinja2.BytecodeCache):
    """Jinja's bytecode cache over a dictionary: by template and source checksum."""

    def __init__(self) -> None:
        self.compiled: dict[tuple[str, str], bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        found = self.compiled.get((bucket.key, bucket.checksum))
        if found is not None:
            bucket.bytecode_from_string(found)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[(bucket.key, bucket.checksum)] = bucket.bytecode_to_string()
