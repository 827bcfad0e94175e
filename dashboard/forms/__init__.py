"""The coordinator's forms, one module each: they gather values, call the desk (campaign/desk.py) and show the result.

`saving` is what every form shares: the store behind the current source, who saves, the line after a save.
"""
