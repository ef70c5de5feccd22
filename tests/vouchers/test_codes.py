"""Voucher codes: enough randomness, no look-alikes, and a check character that catches typos."""
import itertools

from hypothesis import given, settings as hsettings, strategies as st

from vouchers import codes

bodies = st.text(alphabet=codes.ALPHABET, min_size=codes.RANDOM_LENGTH, max_size=codes.RANDOM_LENGTH)


def test_alphabet_has_no_look_alike_characters():
    for c in "IO01L":
        assert c not in codes.ALPHABET
    assert codes.MODULUS == 31


def test_a_code_carries_at_least_60_random_bits():
    import math

    assert codes.RANDOM_LENGTH * math.log2(len(codes.ALPHABET)) >= 60


def test_generated_codes_are_well_formed_and_distinct():
    generated = {codes.generate() for _ in range(2000)}
    assert len(generated) == 2000
    assert all(codes.is_well_formed(c) for c in generated)


def test_display_groups_by_four_and_normalize_reverses_it():
    code = codes.generate()
    shown = codes.display(code)
    assert shown.count("-") == 3 and all(len(g) == 4 for g in shown.split("-"))
    assert codes.normalize(shown.lower()) == code


@hsettings(max_examples=300)
@given(bodies)
def test_every_single_character_error_is_caught(body):
    code = body + codes.check_character(body)
    for i, original in enumerate(code):
        for replacement in codes.ALPHABET:
            if replacement != original:
                typo = code[:i] + replacement + code[i + 1:]
                assert not codes.is_well_formed(typo), (code, typo)


@hsettings(max_examples=300)
@given(bodies)
def test_every_swap_of_adjacent_characters_is_caught(body):
    code = body + codes.check_character(body)
    for i in range(len(code) - 1):
        if code[i] != code[i + 1]:
            swapped = code[:i] + code[i + 1] + code[i] + code[i + 2:]
            assert not codes.is_well_formed(swapped), (code, swapped)


def test_check_rule_catches_every_error_for_every_character_pair_at_every_position():
    # Exhaustive over what matters to the rule: the weight of each position and each pair
    # of distinct character values. A change is missed only if weight·difference ≡ 0 (mod 31).
    for weight, (a, b) in itertools.product(range(1, codes.CODE_LENGTH + 1),
                                            itertools.permutations(range(codes.MODULUS), 2)):
        assert (weight * (a - b)) % codes.MODULUS != 0
        # adjacent swap at weights w, w+1 changes the sum by (a - b)·(w+1 - w)
        assert ((a - b) * 1) % codes.MODULUS != 0


def test_database_holds_no_usable_code():
    code = codes.generate()
    assert code not in codes.digest(code)
    sealed = codes.seal(code)
    assert code not in sealed
    assert codes.unseal(sealed) == code
    assert codes.digest(codes.display(code).lower()) == codes.digest(code)
