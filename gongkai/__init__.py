"""gongkai (公开): the party-affairs disclosure platform."""

__version__ = "0.1.0"
