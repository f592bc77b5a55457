"""Text rules the Java side applies that Python spells differently."""

# What Java's String.isBlank skips (Character.isWhitespace): Python's isspace minus the no-break spaces.
NO_BREAK_SPACES = "\u00a0\u2007\u202f"


def is_blank_text(text):
    """Java's String.isBlank."""
    return all(character.isspace() and character not in NO_BREAK_SPACES for character in text)
