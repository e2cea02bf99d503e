from claims.extraction.claimants import ClaimantTracker, attribute_sentences


def _claimants(*sentences):
    return [a.claimant for a in attribute_sentences(list(sentences))]


def test_titles_are_stripped_and_a_surname_resolves_to_the_first_full_name():
    assert _claimants(
        "In Paris, French Foreign Minister Marie Dubois said Monday that talks had failed.",
        '"Nobody controls the whole region," Dubois told reporters.',
    ) == ["Marie Dubois", "Marie Dubois"]


def test_pronoun_points_back_to_the_last_named_speaker():
    assert _claimants(
        "Lena Ortiz wrote in an op-ed for The Daily Ledger on Monday that the river was poisoned.",
        '"I write from the valley today," she stated.',
    ) == ["Lena Ortiz", "Lena Ortiz"]


def test_pronoun_follows_the_person_the_text_turned_to():
    assert (
        _claimants(
            "Tomas Berg told the paper the plan was wrong.",
            "Anna Kovac and her followers have been preparing for months.",
            '"I will fight for it," she told the paper.',
        )[-1]
        == "Anna Kovac"
    )


def test_according_to_and_inverted_attribution():
    assert _claimants(
        "Amrit Singh chairs the committee.",
        "The budget, according to Singh, is a fiction.",
        '"It is a fiction," said Singh.',
    ) == [None, "Amrit Singh", "Amrit Singh"]


def test_a_sentence_that_is_all_quotation_continues_the_previous_speaker():
    assert _claimants(
        "Olu Adeyemi said the dam would hold.",
        '"We have checked every wall of it."',
    ) == ["Olu Adeyemi", "Olu Adeyemi"]


def test_group_description_resolves_to_the_organisation_mentioned_most():
    result = _claimants(
        "The Harbour Union called a strike on Monday.",
        "Leaders of the Harbour Union met the mayor.",
        "Dock workers walked out at dawn, the group said on Twitter.",
    )
    assert result[-1] == "Harbour Union"


def test_apposition_between_name_and_verb():
    assert _claimants(
        "Mike Rowe, the agency's top emergencies expert, said there were lessons to learn."
    ) == ["Mike Rowe"]


def test_the_article_itself_asserting_gives_no_claimant():
    assert _claimants(
        "The army has evacuated about 6,000 people since Sunday.",
        "A baseless claim that the dam leaked spread online.",
        "It is too soon to say whether the plan works.",
    ) == [None, None, None]


def test_descriptions_are_kept_when_no_name_is_given():
    assert _claimants("Health officials said the outbreak was contained.") == ["Health officials"]


def test_tracker_remembers_names_across_calls():
    tracker = ClaimantTracker()
    tracker.attribute("Sergio Lavrenti met the envoy in Rome.")
    assert (
        tracker.attribute("Lavrenti told reporters the talks went well.").claimant
        == "Sergio Lavrenti"
    )


def test_a_singular_description_is_named_by_the_next_sentence():
    assert _claimants(
        "The daughter of the town's best-known mayor claims to have the votes to win.",
        "Rita Alvarez wrote in a column on Monday that the council was corrupt.",
    ) == ["Rita Alvarez", "Rita Alvarez"]


def test_plural_descriptions_are_not_named_by_the_next_sentence():
    assert _claimants(
        "Health officials said the outbreak was contained.",
        "Rita Alvarez said the council was corrupt.",
    ) == ["Health officials", "Rita Alvarez"]
