"""Windmill's Python client, as Windmill scripts import it: the Runnel SDK under Windmill's name."""

from runnel import *  # noqa: F401,F403 - the same functions, by Windmill's names
from runnel import __all__  # noqa: F401
