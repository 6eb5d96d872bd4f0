"""Ids, list pages and oEmbed sizes are read in one place (frontend_widget.params), so the API and
the iframe pages agree on what an id is and where the numbers end."""

import pickle

import pytest

from frontend_widget import delivery, params


@pytest.mark.parametrize(
    "raw, expected",
    [("7", 7), ("007", 7), (str(2**31 - 1), 2**31 - 1), (str(2**31), None), ("9" * 40, None), ("0", None)],
)
def test_a_page_id_is_a_number_some_page_could_have(raw, expected):
    assert params.page_id(raw) == expected


@pytest.mark.parametrize("raw", ["abc", "-1", "1.5", "١٢", " 7", ""])
def test_anything_but_ascii_digits_is_not_an_id(raw):
    with pytest.raises(params.NotANumber):
        params.page_id(raw)


@pytest.mark.parametrize("raw, expected", [(None, 1), ("3", 3), ("0003", 3), ("9" * 19, None)])
def test_list_pages(raw, expected):
    assert params.page_number(raw) == expected


@pytest.mark.parametrize("raw", ["", "0", "-2", "x", "²"])
def test_a_list_page_is_a_whole_number_from_one(raw):
    with pytest.raises(params.NotANumber):
        params.page_number(raw)


@pytest.mark.django_db
def test_the_api_and_the_iframe_pages_agree_past_the_last_id(client, make_report, home):
    make_report()
    beyond = str(2**31)
    assert client.get(f"/api/lagesbild/{beyond}/").json() == {"detail": "Det finns ingen sådan rapport."}
    assert client.get(f"/embed/lagesbild/{beyond}/").status_code == 404
    assert client.get(f"/api/faq/{beyond}/").json() == {"detail": "Det finns ingen sådan FAQ-sida."}
    assert client.get(f"/embed/faq/{beyond}/").status_code == 404


def test_the_missing_report_sentinel_survives_the_shared_cache():
    """The shared cache pickles it: the copy that comes back must still be the one sentinel."""
    assert pickle.loads(pickle.dumps(delivery._MISSING)) is delivery._MISSING
