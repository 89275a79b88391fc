"""Fixtures for the NHN OCR stand-in (see standins/nhn_ocr.py)."""
