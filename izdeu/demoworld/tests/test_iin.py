import random
from datetime import date

from izdeu.demoworld.iin import IinRegistry, birth_date_of, check_digit, is_valid, make_iin, sex_of


def test_check_digit_is_the_weighted_sum_mod_11():
    # 9·1 + 1·4 + 1·6 + 3·7 = 40, and 40 mod 11 = 7.
    assert check_digit("90010130000") == 7
    assert is_valid("900101300007")
    assert not is_valid("900101300008")


def test_check_digit_falls_back_to_the_second_weights_when_the_first_give_10():
    # First weights: 9 + 4 + 6 + 21 + 80 + 11 = 131 ≡ 10; second: 27 + 6 + 8 + 27 + 8 + 2 = 78 ≡ 1.
    assert check_digit("90010130081") == 1


def test_numbers_whose_both_weightings_give_10_are_never_issued():
    # First weights: 120 ≡ 10; second: 76 ≡ 10.
    assert check_digit("90010130080") is None
    assert make_iin(date(1990, 1, 1), "male", 80) is None


def test_seventh_digit_carries_century_and_sex():
    assert make_iin(date(1992, 3, 12), "male", 1)[6] == "3"
    assert make_iin(date(1992, 3, 12), "female", 1)[6] == "4"
    assert make_iin(date(2004, 3, 12), "male", 1)[6] == "5"
    assert make_iin(date(2004, 3, 12), "female", 1)[6] == "6"


def test_birth_date_and_sex_read_back_from_the_number():
    iin = make_iin(date(2005, 11, 30), "female", 4321)
    assert birth_date_of(iin) == date(2005, 11, 30)
    assert sex_of(iin) == "female"


def test_registry_never_issues_the_same_number_twice():
    registry = IinRegistry()
    rng = random.Random(3)
    # Twins share a birth date; their numbers must still differ.
    numbers = [registry.issue(date(1998, 6, 1), "male", rng) for _ in range(500)]
    assert len(set(numbers)) == 500
    assert all(is_valid(number) for number in numbers)
