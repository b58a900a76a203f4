"""Final Draft XML (.fdx) parser, on the standard library's expat with DTDs and entities refused.

Safety: FDX files never need a DTD, so any ``<!DOCTYPE`` or ``<!ENTITY`` (checked in the raw text and again through
expat's doctype/entity handlers) is rejected with ScreenplayError. That blocks billion-laughs and external-entity
attacks without ``defusedxml``. Expat errors become ``ScreenplayError(message, line)``.

Mapping of ``<Paragraph Type=...>``: Scene Heading → scene_heading (``Number`` attribute → scene_number), Action /
General / Shot / Cast List → action, Character → character (name and extensions split as in Fountain),
Parenthetical, Dialogue, Transition, Lyrics; a paragraph with ``Alignment="Center"`` of another type → centered;
``StartsNewPage="Yes"`` → a page_break before it; ``<DualDialogue>`` groups → their character cues get ``dual=True``;
unknown types → action with a warning. ``<ScriptNote>``s become ``note`` elements: one inside a paragraph right after
that paragraph; one in the document's ``<ScriptNotes>`` list after the paragraph its ``Range="start,length"`` starts
in (offsets count the characters of the content's paragraphs, one more for each paragraph's end), or at the end of
the script when it has no readable range. The title page (``<TitlePage>``) is
unstructured in FDX: its first non-empty paragraph is the ``title``; a "written by"/"by"/"screenplay by" line is the
``credit`` and the next one the ``author``; anything else is joined by ``\\n`` under ``contact``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.parsers import expat

from .fountain import parse_character_cue
from .model import ScreenplayError, Script, ScriptElement, check_not_empty, finish

__all__ = ["parse_fdx", "ScreenplayError"]

_FORBIDDEN = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.I)
_TYPES = {
    "scene heading": "scene_heading",
    "action": "action",
    "general": "action",
    "shot": "action",
    "cast list": "action",
    "character": "character",
    "parenthetical": "parenthetical",
    "dialogue": "dialogue",
    "transition": "transition",
    "lyrics": "lyrics",
}


@dataclass(slots=True)
class _Node:
    tag: str
    attrs: dict[str, str]
    line: int
    children: list[_Node] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    def find(self, tag: str) -> _Node | None:
        return next((c for c in self.children if c.tag == tag), None)

    def own_text(self) -> str:
        """Concatenated text of the direct ``<Text>`` children (style runs)."""
        return "".join("".join(c.text) for c in self.children if c.tag == "Text")


def _load(text: str) -> _Node:
    m = _FORBIDDEN.search(text)
    if m:
        raise ScreenplayError("DTDs and entity declarations are not allowed in FDX", text.count("\n", 0, m.start()) + 1)
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    stack: list[_Node] = []
    root: list[_Node] = []

    def refuse(*_args: object) -> None:
        raise ScreenplayError("DTDs and entity declarations are not allowed in FDX", parser.CurrentLineNumber)

    def start(tag: str, attrs: dict[str, str]) -> None:
        node = _Node(tag, attrs, parser.CurrentLineNumber)
        if stack:
            stack[-1].children.append(node)
        else:
            root.append(node)
        stack.append(node)

    def end(_tag: str) -> None:
        stack.pop()

    def chars(data: str) -> None:
        if stack and stack[-1].tag == "Text":
            stack[-1].text.append(data)

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    try:
        parser.Parse(text.encode("utf-8") if not text.startswith("<?xml") else _as_utf8(text), True)
    except expat.ExpatError as exc:
        raise ScreenplayError(f"malformed FDX: {expat.ErrorString(exc.code)}", exc.lineno) from None
    return root[0]


def _as_utf8(text: str) -> bytes:
    # The text is already decoded: rewrite any encoding declaration so expat reads the bytes we give it.
    return re.sub(r'^(<\?xml[^>]*?)\sencoding=["\'][^"\']*["\']', r'\1 encoding="UTF-8"', text, count=1).encode("utf-8")


def parse_fdx(text: str) -> Script:
    """Parses Final Draft XML text into a :class:`Script`."""
    check_not_empty(text)
    root = _load(text.lstrip("\ufeff"))
    if root.tag != "FinalDraft":
        raise ScreenplayError(f"not a Final Draft document: root element is <{root.tag}>", root.line)
    content = root.find("Content")
    if content is None:
        raise ScreenplayError("the FDX has no <Content>", root.line)
    script = Script()
    ends: list[tuple[int, int]] = []  # (character offset where a paragraph ends, element count after it)
    offset = 0
    for para in content.children:
        if para.tag == "Paragraph":
            _paragraph(para, script, dual=False)
            offset += len(_all_text(para)) + 1
            ends.append((offset, len(script.elements)))
    listed = root.find("ScriptNotes")
    if listed is not None:
        _listed_notes(listed, script, ends)
    title = root.find("TitlePage")
    if title is not None:
        script.title_page = _title_page(title)
    return finish(script)


def _all_text(para: _Node) -> str:
    """A content paragraph's text as Final Draft counts it for note ranges (dual dialogue's inner paragraphs too)."""
    group = para.find("DualDialogue")
    if group is not None:
        return "\n".join(_all_text(p) for p in group.children if p.tag == "Paragraph")
    return para.own_text()


def _note_text(note: _Node) -> str:
    return "\n".join(t for p in note.children if p.tag == "Paragraph" and (t := p.own_text().strip()))


def _listed_notes(listed: _Node, script: Script, ends: list[tuple[int, int]]) -> None:
    """Notes of the document's ``<ScriptNotes>``, inserted after the paragraph their range starts in."""
    placed: list[tuple[int, ScriptElement]] = []
    for note in listed.children:
        text = _note_text(note) if note.tag == "ScriptNote" else ""
        if not text:
            continue
        start = note.attrs.get("Range", "").split(",")[0].strip()
        at = len(script.elements)
        if start.isdigit():
            at = next((count for end, count in ends if int(start) < end), at)
        placed.append((at, ScriptElement("note", text, note.line)))
    # From the end, so earlier indices stay valid; notes at one place keep their order.
    for at, el in reversed(sorted(placed, key=lambda p: p[0])):
        script.elements.insert(at, el)


def _paragraph(para: _Node, script: Script, *, dual: bool) -> None:
    _paragraph_body(para, script, dual=dual)
    for note in para.children:
        if note.tag == "ScriptNote" and (text := _note_text(note)):
            script.elements.append(ScriptElement("note", text, note.line))


def _paragraph_body(para: _Node, script: Script, *, dual: bool) -> None:
    group = para.find("DualDialogue")
    if group is not None:
        if dual:  # a DualDialogue nested in another one: not valid FDX; skipped (and bounds the recursion)
            script.warnings.append(f"line {group.line}: nested DualDialogue ignored")
            return
        for inner in group.children:
            if inner.tag == "Paragraph":
                _paragraph(inner, script, dual=True)
        return
    if para.attrs.get("StartsNewPage", "").lower() == "yes" and script.elements:
        script.elements.append(ScriptElement("page_break", "", para.line))
    ptype = para.attrs.get("Type", "Action")
    raw = para.own_text().replace("\r\n", "\n").replace("\r", "\n")
    text = raw.strip()
    kind = _TYPES.get(ptype.lower())
    if kind is None:
        if para.attrs.get("Alignment", "").lower() == "center":
            kind = "centered"
        else:
            script.warnings.append(f"line {para.line}: unknown paragraph type {ptype!r} read as action")
            kind = "action"
    elif kind == "action" and para.attrs.get("Alignment", "").lower() == "center":
        kind = "centered"
    if not text and kind != "action":
        return
    if kind == "character":
        cue = parse_character_cue(text, allow_lowercase=True)
        if cue is not None:
            cue.line, cue.forced, cue.dual = para.line, False, dual
            script.elements.append(cue)
            return
        script.elements.append(ScriptElement("character", text, para.line, name=text, dual=dual))
        return
    if not text:
        return
    el = ScriptElement(kind, text, para.line)  # type: ignore[arg-type]
    if kind == "scene_heading":
        el.scene_number = para.attrs.get("Number") or None
    script.elements.append(el)


def _title_page(node: _Node) -> dict[str, str]:
    content = node.find("Content")
    paras = [p.own_text().strip() for p in (content.children if content else []) if p.tag == "Paragraph"]
    paras = [p for p in paras if p]
    title: dict[str, str] = {}
    extra: list[str] = []
    i = 0
    while i < len(paras):
        p = paras[i]
        if "title" not in title:
            title["title"] = p
        elif p.lower() in ("written by", "by", "screenplay by", "written by:") and "credit" not in title:
            title["credit"] = p
            if i + 1 < len(paras):
                title["author"] = paras[i + 1]
                i += 1
        else:
            extra.append(p)
        i += 1
    if extra:
        title["contact"] = "\n".join(extra)
    return title
