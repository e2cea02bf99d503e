import pytest

from claims.matching.checkthat import (
    average_precision_at,
    evaluation_run,
    mean_average_precision_at,
    qrels_read,
    queries_read,
    vclaims_read,
)
from claims.matching.scorers import LexicalScorer


def test_average_precision_counts_the_hit_at_its_rank():
    assert average_precision_at(["a", "b", "c"], {"a"}, 5) == 1.0
    assert average_precision_at(["x", "a", "c"], {"a"}, 5) == 0.5
    assert average_precision_at(["x", "y", "a"], {"a"}, 1) == 0.0


def test_average_precision_divides_by_the_number_of_relevant_fact_checks():
    assert average_precision_at(["a", "x", "b"], {"a", "b"}, 3) == pytest.approx((1 + 2 / 3) / 2)


def test_mean_average_precision_counts_unranked_queries_as_zero():
    assert mean_average_precision_at({"q1": ["a"]}, {"q1": {"a"}, "q2": {"b"}}, 5) == 0.5


def test_readers_handle_quoted_tsv_and_a_header(tmp_path):
    vclaims = tmp_path / "vclaims.jsonl"
    vclaims.write_text(
        '{"vclaim_id": "v1", "vclaim": "Fries cost $1.", "title": "Fries", "subtitle": ""}\n'
        '{"vclaim_id": "v2", "vclaim": "An anaconda is 10 meters long.", "title": "Snake"}\n'
    )
    queries = tmp_path / "queries.tsv"
    queries.write_text(
        "iclaim_id\ticlaim\n"
        'q1\t"He said ""fries for $1"" today"\n'
        "q2\tanaconda ten meters long video\n"
    )
    qrels = tmp_path / "qrels.tsv"
    qrels.write_text("q1\t0\tv1\t1\nq2\t0\tv2\t1\n")
    assert queries_read(queries)["q1"] == 'He said "fries for $1" today'
    result = evaluation_run(
        scorer=LexicalScorer(),
        vclaims=vclaims_read(vclaims),
        queries=queries_read(queries),
        qrels=qrels_read(qrels),
    )
    assert result.queries == 2
    assert result.map_at_1 == 1.0
    assert result.queries_per_second > 0


def test_a_judged_query_missing_from_the_queries_file_is_an_error(tmp_path):
    vclaims = tmp_path / "v.jsonl"
    vclaims.write_text('{"vclaim_id": "v1", "vclaim": "x"}\n')
    with pytest.raises(ValueError, match="absent"):
        evaluation_run(
            scorer=LexicalScorer(), vclaims=vclaims_read(vclaims), queries={}, qrels={"q": {"v1"}}
        )


def test_the_tweet_date_is_read_from_the_embed_signature():
    from datetime import date

    from claims.matching.checkthat import tweet_date

    text = "Wombats are heroes pic.twitter.com/x — Center (@Center) January 14, 2020"
    assert tweet_date(text) == date(2020, 1, 14)
    assert tweet_date("no date here") is None
