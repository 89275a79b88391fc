"""The name of a closed list a misread word is: districts, dongs, tax offices, business types.

Tesseract misreads a syllable now and then, and a syllable's look-alike is most often a letter or two off (an
initial, a vowel's stroke, a final): a reading one syllable from a listed name of its length and last syllable is
that name, and of several, the one whose syllable is the fewest letters off. Labels are compared with their
syllables' finals left out (`without_finals`), the letter Tesseract loses most.
"""

from __future__ import annotations

from .tesseract import levenshtein


def nearest(word: str, names: frozenset[str]) -> str:
    """`word` when it is one of `names` or near none; else the one of its length and last syllable (a place's 시, 구,
    동, 리, an office's 서, a type's 업) a syllable away, and where several are, the one whose syllable is the fewest
    letters off (`셔교동`: 서교동 by a vowel's stroke, not 동교동); where those tie, `word`."""
    if word in names or len(word) < 2:
        return word
    near = [n for n in names if len(n) == len(word) and n[-1] == word[-1] and levenshtein(n, word) == 1]
    if len(near) > 1:
        letters = {n: letters_apart(n, word) for n in near}
        near = [n for n in near if letters[n] == min(letters.values())]
    return near[0] if len(near) == 1 else word


def clearly_nearest(word: str, names: list[str]) -> list[str]:
    """Of `names`, each of `word`'s length, the one fewest letters from `word`, when every other is at least two
    letters further; else none."""
    apart = sorted((letters_apart(n, word), n) for n in names if len(n) == len(word))
    if not apart or len(apart) > 1 and apart[1][0] < apart[0][0] + 2:
        return []
    return [apart[0][1]]


def letters_apart(a: str, b: str) -> int:
    """How many letters (initial, vowel, final) two words of one length differ by, syllable by syllable."""
    return sum(p != q for x, y in zip(a, b, strict=True) for p, q in zip(_letters(x), _letters(y), strict=True))


def without_finals(text: str) -> str:
    """Each syllable without its final consonant, the stroke Tesseract loses most (`녀` for 년): syllables that differ
    by their initial or vowel (`연` and `년`, `개` and `생`) stay apart."""
    return "".join(chr(ord(ch) - _letters(ch)[2]) if "가" <= ch <= "힣" else ch for ch in text)


def _letters(ch: str) -> tuple[int, int, int]:
    if not "가" <= ch <= "힣":
        return ord(ch), -1, -1
    code = ord(ch) - ord("가")
    return code // 588, code % 588 // 28, code % 28
