"""Arena's matching engine: plain Python, no Django. Lexical BM25 with language-aware stemming for now.

The semantic (embedding) and structured signals of issue 8 are still to come; `Index` and the CLI
contracts are shaped so they can be added behind the same calls.
"""
