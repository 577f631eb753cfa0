"""Extensions and the HTTP cache storage that records and replays vcrpy cassettes."""
