from claims.extraction.entities import find_entities, strip_title


def _by_name(sentence):
    return {e["name"]: e["label"] for e in find_entities(sentence)}


def test_titles_are_stripped_from_people():
    entities = _by_name(
        "In Moscow, Russian Foreign Minister Sergei Lavrov said Thursday the talks failed."
    )
    assert entities == {"Moscow": "place", "Sergei Lavrov": "person"}


def test_organisations_places_and_unlabelled_spans():
    entities = _by_name("Ahmad Massoud wrote in The Washington Post from the Panjshir Valley.")
    assert entities["Ahmad Massoud"] == "person"
    assert entities["Washington Post"] == "organisation"
    assert entities["Panjshir Valley"] == "place"


def test_sentence_openers_months_and_model_names_are_not_people():
    entities = _by_name("Social media showed M4 rifles in Kabul on Sunday in May.")
    assert "Social" not in entities and "Sunday" not in entities and "May" not in entities
    assert entities["Kabul"] == "place"
    assert entities.get("M4") is None


def test_offsets_and_possessives():
    sentence = "Afghanistan’s vice president met CBS News' Charlie D'Agata."
    for entity in find_entities(sentence):
        assert sentence[entity["start"] : entity["end"]] == entity["text"]
    assert _by_name(sentence)["Afghanistan"] == "place"
    assert _by_name(sentence)["Charlie D'Agata"] == "person"


def test_strip_title_keeps_a_name_without_title():
    assert strip_title(["Ahmad", "Massoud"]) == ["Ahmad", "Massoud"]
    assert strip_title(["President", "Ashraf", "Ghani"]) == ["Ashraf", "Ghani"]
