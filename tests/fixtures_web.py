"""Fixtures for the pages: a live server and headless Chromium."""
