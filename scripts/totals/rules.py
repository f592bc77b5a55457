"""The compliance rules of a replay (`--rules FILE`) and the alerts they make, recomputed in SQL.

A rule line is read as DESIGN section 5 and the README say: a JSON object with `rule_id` and only
the known keys, `severity` low, medium or high, `enabled` true or false, a keyword rule with a
non-empty list of words that each hold a letter or digit, a regex rule with a pattern that
compiles. A bad line is rejected on its own (a dead letter); a later line with the same rule_id
replaces an earlier one. The built-ins are on unless a line with their id disables them.

Matching (DESIGN 5a), on each scanned field of each counted message on its own, after NFKC and
lower-casing: a keyword matches when its characters appear in order with only separators between
them, which is the same as the keyword being a substring of the text with its separators removed;
a regex rule is ClickHouse's RE2 searching case-insensitively (Java's syntax and RE2's agree on
everyday patterns; a pattern RE2 refuses is skipped and named); builtin.phone is a maximal run of
digits joined by single spaces, hyphens or dots whose digits are a mobile number, with +86, 86 or
0086 before it; builtin.email an ASCII local@domain.tld.
"""

import json
import re
import unicodedata
from dataclasses import dataclass

from .sql import keyword, literal, normalized, without_separators

BUILTIN_PHONE = "builtin.phone"
BUILTIN_EMAIL = "builtin.email"
BUILTINS = (BUILTIN_PHONE, BUILTIN_EMAIL)
KEYS = ("rule_id", "type", "words", "pattern", "category", "severity", "enabled")
SEVERITIES = ("low", "medium", "high")
EMOJI_COMPONENTS = ((0xFE00, 0xFE0F), (0x20E3, 0x20E3), (0x200D, 0x200D), (0xE0020, 0xE007F))


class RuleError(ValueError):
    """Why a rule line is rejected."""


@dataclass(frozen=True)
class Rule:
    rule_id: str
    kind: str  # keyword, regex or builtin
    words: tuple = ()
    pattern: str = ""
    enabled: bool = True


def is_separator(character):
    code = ord(character)
    if any(low <= code <= high for low, high in EMOJI_COMPONENTS):
        return True
    return unicodedata.category(character)[0] not in "LNM"


def parse_rule(text):
    """The rule of one line; RuleError when it cannot work."""
    try:
        node = json.loads(text)
    except json.JSONDecodeError as error:
        raise RuleError(f"not valid JSON ({error.msg})") from None
    if not isinstance(node, dict):
        raise RuleError("not a JSON object")
    rule_id = node.get("rule_id")
    if not isinstance(rule_id, str) or not rule_id.strip():
        raise RuleError("missing required field rule_id")
    unknown = [key for key in node if key not in KEYS]
    if unknown:
        raise RuleError(f"rule {rule_id}: unknown key {unknown[0]}")
    for key in ("type", "pattern", "category", "severity"):
        if node.get(key) is not None and not isinstance(node[key], str):
            raise RuleError(f"rule {rule_id}: {key} must be a string")
    if node.get("severity") is not None and node["severity"] not in SEVERITIES:
        raise RuleError(f"rule {rule_id}: severity must be low, medium or high")
    if node.get("enabled") is not None and not isinstance(node["enabled"], bool):
        raise RuleError(f"rule {rule_id}: enabled must be true or false")
    enabled = node.get("enabled") is not False
    if rule_id in BUILTINS:
        return Rule(rule_id, "builtin", enabled=enabled)
    if node.get("type") == "keyword":
        words = node.get("words")
        if not isinstance(words, list) or not words:
            raise RuleError(f"rule {rule_id}: a keyword rule needs a non-empty words array")
        if any(not isinstance(word, str) or all(map(is_separator, unicodedata.normalize("NFKC", word))) for word in words):
            raise RuleError(f"rule {rule_id}: every word must be a string with a letter or digit")
        return Rule(rule_id, "keyword", words=tuple(words), enabled=enabled)
    if node.get("type") == "regex":
        pattern = node.get("pattern")
        if not pattern:
            raise RuleError(f"rule {rule_id}: a regex rule needs a pattern")
        try:
            re.compile(pattern)
        except re.error as error:
            raise RuleError(f"rule {rule_id}: invalid regex ({error})") from None
        return Rule(rule_id, "regex", pattern=pattern, enabled=enabled)
    raise RuleError(f"rule {rule_id}: type must be keyword or regex")


@dataclass(frozen=True)
class RulesFile:
    in_force: tuple  # the enabled rules, built-ins included
    rejected: tuple  # (line, reason)


def read_rules(path):
    """The rules in force for every message of a replay given `--rules path` (None: built-ins only)."""
    rules = {rule_id: Rule(rule_id, "builtin") for rule_id in BUILTINS}
    rejected = []
    if path is not None:
        data = path.read_bytes()
        data = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
        for number, raw in enumerate(data.split(b"\n"), start=1):
            raw = raw[:-1] if raw.endswith(b"\r") else raw
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                rejected.append((number, "not valid UTF-8"))
                continue
            if not text.strip():
                continue
            try:
                rule = parse_rule(text)
            except RuleError as error:
                rejected.append((number, str(error)))
                continue
            rules[rule.rule_id] = rule
    return RulesFile(tuple(rule for rule in rules.values() if rule.enabled), tuple(rejected))


PHONE_RUN = r"\+?[0-9](?:[ .\-]?[0-9])*"
EMAIL = r"[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}"


def match_condition(rule):
    """Whether the rule matches one normalised field `text` (a lambda's argument)."""
    if rule.rule_id == BUILTIN_PHONE:
        digits = "replaceRegexpAll(run, '[^0-9]', '')"
        return (f"arrayExists(run -> match({digits}, '^(86)?1[3-9][0-9]{{9}}$') "
                f"OR (NOT startsWith(run, '+') AND match({digits}, '^00861[3-9][0-9]{{9}}$')), "
                f"extractAll(text, {literal(PHONE_RUN)}))")
    if rule.rule_id == BUILTIN_EMAIL:
        return f"match(text, {literal(EMAIL)})"
    if rule.kind == "keyword":
        words = "[" + ", ".join(keyword(literal(word)) for word in rule.words) + "]"
        return f"arrayExists(word -> position({without_separators('text')}, word) > 0, {words})"
    return f"match(text, {literal('(?i)' + rule.pattern)})"


def expected_alerts_sql(rules):
    """`expected_alerts`: one row per counted message and rule that matches one of its fields."""
    selects = [
        f"SELECT corp AS corp_id, msgid, {literal(rule.rule_id)} AS rule_id FROM scanned "
        f"WHERE arrayExists(text -> {match_condition(rule)}, fields)"
        for rule in rules
    ]
    union = "\n UNION ALL ".join(selects) if selects else "SELECT '' AS corp_id, '' AS msgid, '' AS rule_id WHERE 0"
    return [
        f"CREATE TABLE scanned ENGINE = Memory AS SELECT corp, msgid, arrayMap(text -> {normalized('text')}, texts) AS fields "
        f"FROM counted WHERE notEmpty(texts)",
        f"CREATE TABLE expected_alerts ENGINE = Memory AS {union}",
    ]


def re2_refuses(engine, pattern):
    """Whether ClickHouse's regex engine cannot run a pattern (then its rule is not checked)."""
    try:
        engine.query(f"SELECT match('', {literal('(?i)' + pattern)})")
        return False
    except Exception:  # chDB raises its own RuntimeError subclasses with ClickHouse's message
        return True
