from bot.stories.quantities import MAX_QUANTITIES, StoryQuantities, quantities


def test_a_number_counts_the_word_after_it() -> None:
    counted = quantities(
        "Indian Navy captures 26 Somali pirates",
        "The navy seized 3 boats and $2.6 million in arms; 1,300 sailors took part.",
    )
    assert counted == {
        "somali": frozenset({"26"}),
        "boat": frozenset({"3"}),
        "million": frozenset({"2.6"}),
        "sailor": frozenset({"1,300"}),
    }


def test_years_dates_ordinals_and_asides_count_nothing() -> None:
    counted = quantities(
        "", "In 2011 Tara Reid, 33, of the 49ers left on 2 December, the 18th day, at 10:55 PM."
    )
    # A clock time still counts its "PM": harmless, two events rarely share the minute.
    assert counted == {"pm": frozenset({"55"})}


def test_an_article_counts_a_bounded_number_of_things() -> None:
    text = " ".join(f"{n} thing{chr(97 + n % 26)}{chr(97 + n // 26)}" for n in range(100))
    assert len(quantities("", text)) == MAX_QUANTITIES


def test_counts_that_agree_with_a_story_score_above_counts_that_disagree() -> None:
    story = StoryQuantities()
    for text in ("captured 23 pirates", "23 pirates and 3 boats", "the 23 pirates"):
        story.add(quantities("", text))
    same = story.agreement(quantities("", "Navy holds 23 pirates"), members=3)
    other = story.agreement(quantities("", "Navy holds 26 pirates"), members=3)
    unrelated = story.agreement(quantities("", "Bank keeps 2 rates"), members=3)
    assert same == 1.0  # every article of the story gave 23
    assert other == -1.0
    assert unrelated == 0.0
