"""Scripts written without spaces between words (Chinese, Japanese, Korean): lines may break
between any two characters, and search cuts their runs into pairs of characters."""
import re

# Hiragana, Katakana, CJK ideographs (with extension A and compatibility), Hangul syllables.
NO_SPACES_CHARACTER = r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]"
NO_SPACES_RUN = re.compile(NO_SPACES_CHARACTER + "+")


def written_without_spaces(text: str) -> bool:
    """True when ``text`` holds a character of a script written without spaces."""
    return NO_SPACES_RUN.search(text or "") is not None
