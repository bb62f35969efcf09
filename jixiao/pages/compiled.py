"""Jinja's cache of compiled templates on disk, for our page templates and the theme's."""

from __future__ import annotations

import contextlib

import jinja2
import jinja2.bccache


class CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Jinja's own cache of compiled templates (keyed by the template's source), except that
    one which cannot be read or kept only costs time."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError, TypeError):
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)
