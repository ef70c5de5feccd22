"""Codes generated in bulk for issuing are as good as those made one at a time."""
from collections import Counter

from vouchers import codes


def test_generate_many_gives_distinct_well_formed_codes():
    batch = codes.generate_many(2000)
    assert len(batch) == len(set(batch)) == 2000
    assert all(codes.is_well_formed(code) for code in batch)


def test_generate_many_uses_every_character_about_equally():
    counts = Counter("".join(code[:codes.RANDOM_LENGTH] for code in codes.generate_many(4000)))
    assert set(counts) == set(codes.ALPHABET)
    expected = 4000 * codes.RANDOM_LENGTH / codes.MODULUS  # ~1935 per character
    assert all(abs(n - expected) < 0.15 * expected for n in counts.values())
