"""The compliance rules of a replay (`--rules FILE`) and the alerts they make, recomputed in SQL.

A rule line is read as DESIGN sections 5 and 5b and the README say: a JSON object with `rule_id`
and only the known keys, none of them a key of another type of rule (`words` is a keyword rule's,
`pattern` a regex rule's, `msgtypes`, `sender` and `chat` a behaviour rule's), `severity` low,
medium or high, `enabled` true or false, a keyword rule with a non-empty list of words that each
hold a letter or digit, a regex rule with a pattern that compiles, a behaviour rule with a
non-empty list of msgtypes and `sender`/`chat` among their values. A line with a built-in's id
only switches it off or re-classifies it. A bad line is rejected on its own (a dead letter); a
later line with the same rule_id replaces an earlier one. The built-ins are on unless a line with
their id disables them.

Matching (DESIGN 5a), on each scanned field of each counted message on its own, after NFKC and
lower-casing: a keyword matches when its characters appear in order with only separators between
them, which is the same as the keyword being a substring of the text with its separators removed;
a regex rule is ClickHouse's RE2 searching case-insensitively (Java's syntax and RE2's agree on
everyday patterns; a pattern RE2 refuses is skipped and named); builtin.phone is a maximal run of
digits joined by single spaces, hyphens or dots whose digits are a mobile number, with +86, 86 or
0086 before it; builtin.email an ASCII local@domain.tld. The alerts themselves, behaviour rules and
monitors included, are recomputed in alerts.py.
"""

import json
import re
import unicodedata
from dataclasses import dataclass

from .sql import keyword, literal, without_separators
from .text import is_blank_text

BUILTIN_PHONE = "builtin.phone"
BUILTIN_EMAIL = "builtin.email"
BUILTIN_FLOOD = "builtin.flood"
BUILTIN_MASS_DELETION = "builtin.mass_deletion"
BUILTIN_REPLY_TIMEOUT = "builtin.reply_timeout"
# Each built-in's category and severity unless a rule line of its id gives others (DESIGN 5 and 5b).
BUILTIN_CLASSES = {
    BUILTIN_PHONE: ("personal_info", "high"),
    BUILTIN_EMAIL: ("personal_info", "medium"),
    BUILTIN_FLOOD: ("flood", "medium"),
    BUILTIN_MASS_DELETION: ("churn", "high"),
    BUILTIN_REPLY_TIMEOUT: ("service", "medium"),
}
BUILTINS = tuple(BUILTIN_CLASSES)
KEYS = ("rule_id", "type", "words", "pattern", "category", "severity", "enabled", "msgtypes", "sender", "chat")
# The keys that belong to one type of rule: on a rule of another type (a built-in's line included) they are a mistake.
TYPE_OF_KEY = {"words": "keyword", "pattern": "regex", "msgtypes": "behavior", "sender": "behavior", "chat": "behavior"}
SEVERITIES = ("low", "medium", "high")
SENDERS = ("employee", "customer", "any")
CHATS = ("single", "group", "any")
DEFAULT_SEVERITY = "medium"
EMOJI_COMPONENTS = ((0xFE00, 0xFE0F), (0x20E3, 0x20E3), (0x200D, 0x200D), (0xE0020, 0xE007F))


class RuleError(ValueError):
    """Why a rule line is rejected."""


@dataclass(frozen=True)
class Rule:
    rule_id: str
    kind: str  # keyword, regex, behavior or builtin
    category: str
    severity: str
    words: tuple = ()
    pattern: str = ""
    msgtypes: tuple = ()
    sender: str = "any"
    chat: str = "any"
    enabled: bool = True


def builtin_rule(rule_id, category=None, severity=None, enabled=True):
    """A built-in with its own category and severity unless others are given."""
    default_category, default_severity = BUILTIN_CLASSES[rule_id]
    return Rule(rule_id, "builtin", default_category if category is None else category,
                default_severity if severity is None else severity, enabled=enabled)


def is_separator(character):
    code = ord(character)
    if any(low <= code <= high for low, high in EMOJI_COMPONENTS):
        return True
    return unicodedata.category(character)[0] not in "LNM"


def _given(node, key, default):
    """A key's value, the default when absent or null (as the job reads it: an empty string stays empty)."""
    return default if node.get(key) is None else node[key]


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
    builtin = rule_id in BUILTINS
    # A built-in's line names no type: the job never reads one there.
    if not builtin and node.get("type") is not None and not isinstance(node["type"], str):
        raise RuleError(f"rule {rule_id}: type must be a string")
    kind = "builtin" if builtin else node.get("type")
    for key in node:
        if key in TYPE_OF_KEY and TYPE_OF_KEY[key] != kind:
            raise RuleError(f"rule {rule_id}: key {key} belongs to {TYPE_OF_KEY[key]} rules, not to {kind} rules")
    for key in ("pattern", "category", "severity", "sender", "chat"):
        if node.get(key) is not None and not isinstance(node[key], str):
            raise RuleError(f"rule {rule_id}: {key} must be a string")
    if node.get("severity") is not None and node["severity"] not in SEVERITIES:
        raise RuleError(f"rule {rule_id}: severity must be low, medium or high")
    if node.get("enabled") is not None and not isinstance(node["enabled"], bool):
        raise RuleError(f"rule {rule_id}: enabled must be true or false")
    enabled = node.get("enabled") is not False
    if builtin:
        return builtin_rule(rule_id, node.get("category"), node.get("severity"), enabled)
    classes = dict(category=_given(node, "category", kind), severity=_given(node, "severity", DEFAULT_SEVERITY),
                   enabled=enabled)
    if kind == "keyword":
        words = node.get("words")
        if not isinstance(words, list) or not words:
            raise RuleError(f"rule {rule_id}: a keyword rule needs a non-empty words array")
        if any(not isinstance(word, str) or all(map(is_separator, unicodedata.normalize("NFKC", word))) for word in words):
            raise RuleError(f"rule {rule_id}: every word must be a string with a letter or digit")
        return Rule(rule_id, kind, words=tuple(words), **classes)
    if kind == "regex":
        pattern = node.get("pattern")
        if not pattern:
            raise RuleError(f"rule {rule_id}: a regex rule needs a pattern")
        try:
            re.compile(pattern)
        except re.error as error:
            raise RuleError(f"rule {rule_id}: invalid regex ({error})") from None
        return Rule(rule_id, kind, pattern=pattern, **classes)
    if kind == "behavior":
        msgtypes = node.get("msgtypes")
        if not isinstance(msgtypes, list) or not msgtypes:
            raise RuleError(f"rule {rule_id}: a behavior rule needs a non-empty msgtypes array")
        if any(not isinstance(msgtype, str) or is_blank_text(msgtype) for msgtype in msgtypes):
            raise RuleError(f"rule {rule_id}: every msgtype must be a non-empty string")
        sender, chat = _given(node, "sender", "any"), _given(node, "chat", "any")
        if sender not in SENDERS:
            raise RuleError(f"rule {rule_id}: sender must be {', '.join(SENDERS)}")
        if chat not in CHATS:
            raise RuleError(f"rule {rule_id}: chat must be {', '.join(CHATS)}")
        return Rule(rule_id, kind, msgtypes=tuple(msgtypes), sender=sender, chat=chat, **classes)
    raise RuleError(f"rule {rule_id}: type must be keyword, regex or behavior")


@dataclass(frozen=True)
class RulesFile:
    in_force: tuple  # the enabled rules, built-ins included
    rejected: tuple  # (line, reason)


def read_rules(path):
    """The rules in force for every message of a replay given `--rules path` (None: built-ins only)."""
    rules = {rule_id: builtin_rule(rule_id) for rule_id in BUILTINS}
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


def re2_refuses(engine, pattern):
    """Whether ClickHouse's regex engine cannot run a pattern (then its rule is not checked)."""
    try:
        engine.query(f"SELECT match('', {literal('(?i)' + pattern)})")
        return False
    except Exception:  # chDB raises its own RuntimeError subclasses with ClickHouse's message
        return True
