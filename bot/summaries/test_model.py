from bot.summaries.model import (
    DEFAULT_MODEL,
    FEATURES,
    SentenceModel,
    fit_logistic,
    plateau_choice,
)
from bot.summaries.selection import scoring_inputs, summarise
from bot.summaries.terms import content_terms


def test_fitted_weights_apply_to_raw_features() -> None:
    # Sentences early in the article are in the summary, late ones are not; speech is noise.
    rows = [(1 / (i + 1), 0.1, float(i % 2)) for i in range(20)]
    labels = [1.0 if i < 3 else 0.0 for i in range(20)]
    weights, bias = fit_logistic(rows, labels)
    model = SentenceModel(weights, bias, redundancy_weight=0.0)
    assert weights[0] > 0
    assert model.probability(rows[0]) > 0.5 > model.probability(rows[10])


def test_shipped_model_prefers_the_lead_central_sentences_and_reported_facts() -> None:
    assert len(DEFAULT_MODEL.weights) == len(FEATURES)
    lead, later = (1.0, 0.2, 0.0), (1 / 6, 0.2, 0.0)
    central, aside = (0.5, 0.3, 0.0), (0.5, 0.05, 0.0)
    quote = (0.5, 0.3, 1.0)
    assert DEFAULT_MODEL.probability(lead) > DEFAULT_MODEL.probability(later)
    assert DEFAULT_MODEL.probability(central) > DEFAULT_MODEL.probability(aside)
    assert DEFAULT_MODEL.probability(central) > DEFAULT_MODEL.probability(quote)


def test_summary_terms_meet_ing_and_ed_forms() -> None:
    # "The army shelled the town" and "shelling of the town" share their key word.
    assert content_terms("Troops shelled the town") == content_terms("troops shelling towns")


def test_word_fragments_are_not_similarity_terms() -> None:
    # Pieces an apostrophe or a dot leaves behind ("n't" as tokenised news prints it, "I'm",
    # "U.S.", initials, "didn't") would make two sentences look alike without a shared word.
    def similar(text: str) -> list[str]:
        return content_terms(text, fragments=False)

    assert similar("Police did n't say if J. K. Rowling was in the U.S.") == (
        similar("Police say Rowling was in the")
    )
    assert similar("I'm sure the mayor didn't know") == similar("sure the mayor know")
    assert similar("Troops took 5 towns") == ["troop", "took", "5", "town"]
    # Two sentences that share only fragments share no term.
    first = "I'm told J. Smith didn't sign the lease on Friday morning, officials said."
    second = "We didn't expect K. Jones to win the regional final, I'm afraid, said a fan."
    assert set(similar(first)) & set(similar(second)) == set()
    assert set(content_terms(first)) & set(content_terms(second)) == {"m", "didn"}


def test_the_models_repeat_threshold_drops_a_retelling_of_an_earlier_sentence() -> None:
    lead = "Dockworkers in the northern port went on strike on Monday over night-shift pay."
    retold = "The strike by northern port dockworkers over night-shift pay began Monday morning."
    other = "Shipping companies said cargo would be diverted to two southern harbours this week."
    text = f"{lead} {retold} {other}"
    strict = SentenceModel(DEFAULT_MODEL.weights, DEFAULT_MODEL.bias, 0.0, repeat_similarity=0.5)
    lenient = SentenceModel(DEFAULT_MODEL.weights, DEFAULT_MODEL.bias, 0.0, repeat_similarity=0.95)
    assert scoring_inputs(text, None, strict.repeat_similarity)[0] == [lead, other]
    assert scoring_inputs(text, None, lenient.repeat_similarity)[0] == [lead, retold, other]
    assert summarise(text, model=strict) == f"{lead} {other}"


def test_plateau_choice_prefers_a_broad_good_region_to_a_lone_peak() -> None:
    # A lone best point between two poor ones loses to the middle of a run of good ones.
    scores = [0.40, 0.46, 0.38, 0.44, 0.45, 0.42]
    assert max(range(len(scores)), key=scores.__getitem__) == 1
    assert plateau_choice(scores) == 4
    # At the ends the window is shorter; a flat surface keeps the higher own score.
    assert plateau_choice([0.5, 0.4]) == 0
    assert plateau_choice([0.3, 0.3, 0.3, 0.31]) == 3
