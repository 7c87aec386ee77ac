"""crisisbot: the crisis cell's register of facts, questions and drafts."""

__version__ = "0.1.0"
