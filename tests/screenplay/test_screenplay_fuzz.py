"""Property test: any input either parses (and storyboards) or raises ScreenplayError — never anything else."""

from hypothesis import given, settings
from hypothesis import strategies as st

from backend.screenplay import ScreenplayError, parse, parse_fdx, parse_fountain, parse_plain, propose_storyboard

TOKENS = st.sampled_from(
    ["INT. ", "EXT. ", "\n", "\n\n", "  ", "BOB", "(V.O.)", "^", "@", "!", ".", ">", "<", "~", "=", "===", "#", "[[",
     "]]", "/*", "*/", "TO:", "hi ", "(x)", "Title: a\n", "\t", "\f", "\r", "#1#", " - NIGHT", "é",
     "<FinalDraft>", "<Content>", '<Paragraph Type="Character">', "<Text>", "</Text>", "</Paragraph>", "&amp;"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(TOKENS, max_size=40).map("".join))
def test_never_crashes(text):
    n_lines = text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
    for fn in (parse, parse_fountain, parse_plain, parse_fdx):
        try:
            script = fn(text)
        except ScreenplayError as exc:
            assert exc.line is None or exc.line >= 1
            continue
        for el in script.elements:
            assert 1 <= el.line <= n_lines
        board = propose_storyboard(script)
        for scene in board["scenes"]:
            for shot in scene["shots"]:
                assert 1.0 <= shot["duration_s"] <= 12.0
