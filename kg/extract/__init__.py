"""Extraction stages: mentions -> entities (in-document resolution) -> candidates and quotes.

Each extractor is a pure function of a parsed spaCy Doc and the document's
entities (through an ``EntityIndex``); ``kg/pipeline/stages.py`` decides the order.
"""
