"""YAML text to plain Python values, remembering where each value was written.

PyYAML's composer gives nodes with positions; we construct values ourselves so
that numbers are read from their literal text into ``Decimal`` (never through
float), duplicate keys are errors, and anchors and aliases are refused before
anything can be expanded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

Path_ = tuple[str | int, ...]

_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)([eE][-+]?[0-9]+)?$")

TAG_STR = "tag:yaml.org,2002:str"
TAG_INT = "tag:yaml.org,2002:int"
TAG_FLOAT = "tag:yaml.org,2002:float"
TAG_BOOL = "tag:yaml.org,2002:bool"
TAG_NULL = "tag:yaml.org,2002:null"
TAG_TIMESTAMP = "tag:yaml.org,2002:timestamp"
TAG_MAP = "tag:yaml.org,2002:map"
TAG_SEQ = "tag:yaml.org,2002:seq"
# The tags a plain YAML file resolves to without writing one; any other was written by hand.
_PLAIN_TAGS = frozenset(
    {TAG_STR, TAG_INT, TAG_FLOAT, TAG_BOOL, TAG_NULL, TAG_TIMESTAMP, TAG_MAP, TAG_SEQ}
)


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based


@dataclass(frozen=True)
class SourceIssue:
    """A problem found while reading YAML, before any schema is applied."""

    message: str
    position: Position | None
    path: Path_ = ()
    expected: str = ""
    found: str = ""
    hint: str = ""


@dataclass
class Document:
    """The plain values of one YAML file and the position of every node in it."""

    value: Any
    positions: dict[Path_, Position] = field(default_factory=dict)
    issues: list[SourceIssue] = field(default_factory=list)

    def position_of(self, path: Path_) -> Position | None:
        """The position of ``path``, or of its nearest written ancestor."""
        for end in range(len(path), -1, -1):
            found = self.positions.get(path[:end])
            if found is not None:
                return found
        return None


def _position(mark: Any) -> Position | None:
    """A PyYAML mark (pure-Python or C) as a 1-based position."""
    if mark is None:
        return None
    return Position(mark.line + 1, mark.column + 1)


def decode(raw: bytes) -> tuple[str | None, SourceIssue | None]:
    """Bytes to text: UTF-8, with or without a BOM. Anything else is named."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, SourceIssue(
            "文件编码是 UTF-16，不是 UTF-8。",
            None,
            expected="UTF-8 编码的文本",
            found="UTF-16 编码",
            hint="用编辑器“另存为”，编码选 UTF-8。",
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        hint = "用编辑器“另存为”，编码选 UTF-8。"
        found = "不是 UTF-8 的字节"
        try:
            raw.decode("gb18030")
            found = "GBK/GB18030 编码（Windows 中文默认编码）"
        except UnicodeDecodeError:
            pass
        return None, SourceIssue(
            "文件不是 UTF-8 编码。",
            Position(line, 1),
            expected="UTF-8 编码的文本",
            found=found,
            hint=hint,
        )
    if "\x00" in text:
        return None, SourceIssue(
            "文件含有空字符，不是文本文件。",
            None,
            expected="UTF-8 编码的 YAML 文本",
            found="二进制内容",
            hint="确认选对了文件。",
        )
    return text.replace("\r\n", "\n"), None


# libyaml composes the same nodes with the same marks about 20 times faster; PyYAML's own
# parser is kept for files with syntax errors, whose messages our hints are written for.
_FAST_LOADER: Any = getattr(yaml, "CSafeLoader", None)


def parse(text: str) -> Document:
    """Parse YAML text into plain values; problems are collected, not raised."""
    depth_issue = _too_deep(text)
    if depth_issue is not None:
        return Document(None, issues=[depth_issue])
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as error:
        return Document(None, issues=[_syntax_issue(error)])
    except yaml.YAMLError as error:  # pragma: no cover - PyYAML marks all it raises
        return Document(None, issues=[SourceIssue(f"YAML 语法错误：{error}", None)])
    except RecursionError:  # nesting the depth count could not see (it stopped at an error)
        return Document(None, issues=[_nesting_issue(None)])
    doc = Document(None)
    if node is None:
        return doc
    doc.value = _Builder(doc).build(node, ())
    return doc


def _compose(text: str) -> yaml.Node | None:
    if _FAST_LOADER is not None:
        try:
            return yaml.compose(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


MAX_BYTES = 2 * 1024 * 1024  # a year's report is about 40 KB; anything near this is not one
MAX_DEPTH = 40  # our schema nests about ten levels


def read(path: Path) -> Document:
    """Read and parse one file."""
    return read_bytes(path.read_bytes())


def read_bytes(raw: bytes) -> Document:
    """Decode and parse the bytes of a file (from disk or from a git revision)."""
    if len(raw) > MAX_BYTES:
        return Document(
            None,
            issues=[
                SourceIssue(
                    "文件过大，不像是一年的报告数据。",
                    None,
                    expected=f"不超过 {MAX_BYTES // 1024 // 1024} MB",
                    found=f"{len(raw) / 1024 / 1024:.1f} MB",
                    hint="确认选对了文件；一年的数据通常只有几十 KB。",
                )
            ],
        )
    text, issue = decode(raw)
    if issue is not None or text is None:
        return Document(None, issues=[issue] if issue else [])
    controls = _control_characters(text)
    if controls:
        return Document(None, issues=controls)
    return parse(text)


# Invisible characters that Word and web pages leave in pasted text; YAML refuses most of them
# (in English, without a line) and a page or workbook could not show them.  Tab, line feed
# and carriage return are YAML's own.
# Format characters are invisible too: zero-width spaces and joiners, the word joiner, soft
# hyphens and the bidi controls (LRM, RLM, LRE…PDF, LRI…PDI) would split a number past the
# personal-data screen's eye on some surface, or turn a text around on the page.
_FORMAT = r"\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
FORMAT_CHARACTERS = re.compile(f"[{_FORMAT}]")  # the importer strips the same
CONTROL_CHARACTERS = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff" + _FORMAT + "]"
)
_CONTROL_NAMES = {
    "\x0b": "垂直制表符，Word 的“手动换行”（Shift+Enter）粘贴后常见",
    "\x0c": "换页符，Word 的分页符粘贴后常见",
    "\u2028": "行分隔符",
    "\u2029": "段落分隔符",
    "\ufeff": "字节顺序标记（BOM）",
    "\u00ad": "软连字符，网页和 Word 粘贴后常见",
    "\u200b": "零宽空格，网页粘贴后常见",
    "\u200c": "零宽不连字",
    "\u200d": "零宽连字",
    "\u200e": "从左到右标记（LRM）",
    "\u200f": "从右到左标记（RLM）",
    "\u2060": "零宽不换行（word joiner）",
    **dict.fromkeys("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069", "文字方向控制符"),
}


def _control_characters(text: str) -> list[SourceIssue]:
    """Every invisible control character, each with its line and column."""
    issues = []
    for match in CONTROL_CHARACTERS.finditer(text):
        char = match.group()
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        name = _CONTROL_NAMES.get(char, "控制字符")
        issues.append(
            SourceIssue(
                "文字中有看不见的控制字符。",
                Position(line, column),
                expected="普通文字",
                found=f"U+{ord(char):04X}（{name}）",
                hint="删去这个字符（在编辑器中把光标移到该位置按删除键）；"
                "要换段就另起一行，标题和名称写在一行内。",
            )
        )
    return issues


def _too_deep(text: str) -> SourceIssue | None:
    """Refuse absurd nesting before PyYAML's recursive composer meets it."""
    try:
        # libyaml's event parser when present: the same events, about 20 times faster
        return _depth_issue(text, _FAST_LOADER or yaml.SafeLoader)
    except yaml.YAMLError:
        pass
    if _FAST_LOADER is None:
        return None  # the composer reports syntax errors with better context
    try:
        # libyaml gives up past its own nesting limit (1000) with an error of its own, and
        # the composer would then recurse past Python's: PyYAML's iterative parser counts on
        return _depth_issue(text, yaml.SafeLoader)
    except yaml.YAMLError:
        return None


def _depth_issue(text: str, loader: Any) -> SourceIssue | None:
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return _nesting_issue(_position(event.start_mark))
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


def _nesting_issue(position: Position | None) -> SourceIssue:
    return SourceIssue(
        "嵌套层数过多。",
        position,
        expected=f"不超过 {MAX_DEPTH} 层",
        found=f"超过 {MAX_DEPTH} 层",
        hint="数据文件的结构只有十来层；检查是否多写了括号或缩进。",
    )


def _syntax_issue(error: yaml.MarkedYAMLError) -> SourceIssue:
    mark = error.problem_mark or error.context_mark
    problem = error.problem or ""
    hint = "检查这一行及上一行的缩进、冒号和引号。"
    message = f"YAML 语法错误：{problem}"
    if "'\\t'" in problem or "\\t" in problem:
        message = "YAML 语法错误：用了 Tab 缩进。"
        hint = "YAML 只能用空格缩进；把 Tab 换成空格（通常两个）。"
    elif "mapping values are not allowed" in problem:
        message = "YAML 语法错误：这里不能有冒号（:）。"
        hint = "文字中含有英文冒号时，请给整段文字加引号，或改用中文冒号“：”。"
    elif "could not find expected ':'" in problem:
        message = "YAML 语法错误：缺少冒号（:）。"
        hint = "每个字段写成“字段名: 值”，冒号后要有空格。"
    elif "found undefined alias" in problem or "found unhashable key" in problem:
        message = "YAML 语法错误：以 * 或 & 开头的文字被当成了别名或锚点。"
        hint = "数据文件不用锚点和别名（& 与 *）；文字以 * 或 & 开头时请加引号。"
    elif "expected <block end>" in problem or "expected <document start>" in problem:
        message = "YAML 语法错误：缩进不对，这一行与上下文的层次对不上。"
        hint = "同一层的字段必须左端对齐；下一层比上一层多缩进两格。"
    elif "end of stream" in problem and error.context_mark is not None:
        message = "YAML 语法错误：引号或括号没有闭合，文件就结束了。"
        hint = "从这里开始的引号或括号缺少另一半；补上右引号或右括号。"
        mark = error.context_mark
    elif "while scanning" in (error.context or "") or "while parsing" in (error.context or ""):
        message = "YAML 语法错误：这里的写法无法解析。"
    return SourceIssue(message, _position(mark), found=f"解析器报告：{problem}", hint=hint)


class _Builder:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.seen: set[int] = set()
        self.aliases = 0

    def issue(self, node: yaml.Node, path: Path_, message: str, **kw: str) -> None:
        self.doc.issues.append(SourceIssue(message, _position(node.start_mark), path, **kw))

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.doc.positions[path] = _position(node.start_mark) or Position(1, 1)
        if id(node) in self.seen:
            # One report is enough; an alias bomb has thousands.
            self.aliases += 1
            if self.aliases == 1:
                self.issue(
                    node,
                    path,
                    "数据文件不能使用锚点和别名（& 与 *）。",
                    expected="每处都写出完整内容",
                    found="别名引用",
                    hint="把别名（*名称）替换为它所指的内容。",
                )
            return None
        self.seen.add(id(node))
        if node.tag not in _PLAIN_TAGS:
            # !!python/object/apply and the like: PyYAML's safe composer keeps the tag and
            # builds the plain value, so a tag would be dropped unseen; it is refused instead
            self.unsupported_tag(node, path)
            return None
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        return self.scalar(node, path)

    def mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.issue(
                    key_node, path, "数据文件不能使用合并键（<<）。", hint="把内容直接写出来。"
                )
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.issue(key_node, path, "字段名必须是简单的文字。", found="列表或映射")
                continue
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in result:
                self.issue(
                    key_node,
                    (*path, key),
                    f"字段“{key}”重复出现。",
                    expected="每个字段在同一层只出现一次",
                    found=f"第 {first_line[key]} 行与第 {line} 行都有“{key}”",
                    hint="删除或合并其中一个；YAML 会悄悄用后一个覆盖前一个，因此这里算错误。",
                )
                continue
            first_line[key] = line
            result[key] = self.build(value_node, (*path, key))
        return result

    def scalar(self, node: yaml.ScalarNode, path: Path_) -> Any:
        text: str = node.value
        tag = node.tag
        # plain scalars have no style: None from PyYAML, "" from libyaml
        if node.style and tag != TAG_STR:
            tag = TAG_STR  # quoted scalars are text, whatever they look like
        if tag == TAG_STR:
            return text
        if tag == TAG_NULL:
            return None
        if tag == TAG_BOOL:
            return text.lower() in ("true", "yes", "on", "y")
        if tag == TAG_TIMESTAMP:
            return text
        if tag == TAG_INT:
            if _INT.match(text.replace("_", "")) and "_" not in text:
                return Decimal(text)
            self.issue(
                node,
                path,
                "数字写法无法确定。",
                expected="十进制数字，如 2021 或 521.75",
                found=text,
                hint="以 0 开头、带下划线、0x/0o 前缀或带冒号的数字在 YAML 中含义特殊；"
                "如是文字请加引号。",
            )
            return text
        if tag == TAG_FLOAT:
            if _FLOAT.match(text):
                return Decimal(text)
            self.issue(
                node,
                path,
                "不是一个有限的数字。",
                expected="十进制数字，如 521.75",
                found=text,
                hint=".nan、.inf 之类在 YAML 中表示特殊浮点数；如是文字请加引号。",
            )
            return text
        self.unsupported_tag(node, path)
        return text

    def unsupported_tag(self, node: yaml.Node, path: Path_) -> None:
        written = re.sub(r"^tag:yaml\.org,2002:", "!!", node.tag)  # as the file spells it
        self.issue(
            node,
            path,
            f"不支持的 YAML 标签 {written}。",
            expected="不带标签的值",
            found=written,
            hint="删去以 ! 开头的标签（如 !!python/…）；数据文件只写文字、数字、列表和映射。",
        )
