"""One module per lesson, each declaring ``LESSON``: its id, title and exercises."""
