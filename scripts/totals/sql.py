"""SQL building blocks shared by the checks: literals, and DESIGN section 5a's text normalisation
written with ClickHouse's own functions."""

# DESIGN 5a: a separator is anything but a letter, a number or a combining mark, and the emoji
# components (variation selectors, keycap, zero-width joiner, tag characters) are separators too.
SEPARATOR = r"(?:[^\pL\pN\pM]|[\x{FE00}-\x{FE0F}\x{20E3}\x{200D}\x{E0020}-\x{E007F}])"


def literal(text):
    """A ClickHouse string literal holding exactly `text`."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def array_literal(texts):
    return "[" + ", ".join(literal(text) for text in texts) + "]"


def normalized(expression):
    """NFKC, then lower case: how every text and keyword is compared."""
    return f"lowerUTF8(normalizeUTF8NFKC({expression}))"


def without_separators(expression):
    return f"replaceRegexpAll({expression}, {literal(SEPARATOR)}, '')"


def trimmed_of_separators(expression):
    return f"replaceRegexpAll({expression}, {literal('^' + SEPARATOR + '+|' + SEPARATOR + '+$')}, '')"


def keyword(expression):
    """A configured keyword as it is matched: normalised, with the separators inside it ignored."""
    return without_separators(normalized(expression))


def is_customer(expression):
    """Customer (external) ids start with wm or wo; anything else is an employee (DESIGN section 3)."""
    return f"(startsWith({expression}, 'wm') OR startsWith({expression}, 'wo'))"
