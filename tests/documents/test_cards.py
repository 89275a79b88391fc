import logging

from documents import cards


def test_a_card_number_is_shown_with_first_six_and_last_four_digits():
    assert cards.mask("4111 1111 1111 1111") == "411111******1111"
    assert cards.mask("378282246310005") == "378282*****0005"


def test_encrypted_card_number_round_trips_and_does_not_contain_the_digits():
    token = cards.encrypt("4111111111111111")
    assert "4111111111111111" not in token
    assert cards.decrypt(token) == "4111111111111111"


def test_a_token_made_with_another_key_is_not_decrypted(settings):
    token = cards.encrypt("4111111111111111")
    settings.FIELD_ENCRYPTION_KEY = "another key"
    assert cards.decrypt(token) is None


def test_card_numbers_in_log_messages_and_arguments_are_masked(caplog):
    logger = logging.getLogger("documents.test")
    logger.addFilter(cards.CardNumberLogFilter())
    with caplog.at_level(logging.INFO, logger="documents.test"):
        logger.info("read %s from card", "4111-1111-1111-1111")
        logger.info("read 5555555555554444 directly")
    assert "4111-1111-1111-1111" not in caplog.text
    assert "5555555555554444" not in caplog.text
    assert "411111******1111" in caplog.text and "555555******4444" in caplog.text


def test_raw_engine_answer_for_a_card_keeps_no_card_digits_but_the_expiry():
    raw = {
        "cardNums": [{"value": "4111", "conf": 0.9}, {"value": "1111", "conf": 0.9}],
        "totalCardNum": "4111111111111111",
        "validThru": {"value": "12/29", "conf": 0.95},
    }
    scrubbed = cards.mask_in_raw(raw)
    assert scrubbed["totalCardNum"] == "411111******1111"
    assert [g["value"] for g in scrubbed["cardNums"]] == ["****", "****"]
    assert scrubbed["validThru"] == {"value": "12/29", "conf": 0.95}


def test_long_decimals_in_log_lines_are_not_mistaken_for_card_numbers():
    assert cards.mask_in_text("succeeded in 0.0710970000008506s") == "succeeded in 0.0710970000008506s"
