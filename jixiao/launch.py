"""The ``jixiao`` console script: ``jixiao.cli`` loaded under Ctrl-C's own message.

Loading the command's modules (pydantic, the model, MkDocs' parts) takes about half a
second; a Ctrl-C then would reach Python's own handler and print a traceback, before
``jixiao.cli.main`` could catch it.  This module imports nothing itself, so the only
moment left unguarded is the interpreter starting.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

# ExitCode.INTERRUPTED, and the words of jixiao.infra.errors.INTERRUPTED: written here
# because that module may be the one being loaded when the Ctrl-C comes
_INTERRUPTED_CODE = 130
_INTERRUPTED_TEXT = "jixiao：已中断。\n    提示：没有留下写了一半的文件；需要时重新运行同一命令。"


def main(argv: Sequence[str] | None = None) -> int:
    try:
        from jixiao.cli import main as run_command
    except KeyboardInterrupt:
        print(_INTERRUPTED_TEXT, file=sys.stderr)
        return _INTERRUPTED_CODE
    return run_command(argv)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
