"""Arena: the meeting place for innovation procurement in Sweden."""
