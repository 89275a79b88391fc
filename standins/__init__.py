"""Local stand-ins of the outside services the product talks to, for tests and for running without credentials."""
