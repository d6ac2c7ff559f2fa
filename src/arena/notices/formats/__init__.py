"""Parsers for tender-notice formats, in plain Python (no Django): eForms UBL XML, OCDS JSON, TED.

Each parser turns one file into a `ParseResult`: the notices it holds and every problem found,
each with the file and a position (line, XPath or JSON pointer), never only the first one.
"""
