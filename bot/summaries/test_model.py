from bot.summaries.model import DEFAULT_MODEL, FEATURES, SentenceModel, fit_logistic


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
