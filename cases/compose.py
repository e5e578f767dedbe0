"""The message to Amazon: drafting it from a case template, and the checks it must pass before it is sent.

Pure functions of text: the guided form, its live checks (as the person types) and the template preview in the
admin all call these, so the rules are written once. Errors block the form; warnings explain.
"""

import re
from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"

# The SOP: "Every message should include: we are the owner, manufacturer, and hold Brand Registry".
OWNERSHIP_SENTENCE = "We are the owner, manufacturer, and hold Brand Registry"
_OWNERSHIP = re.compile(
    r"we\s+are\s+the\s+owners?\s*,?\s+(the\s+)?manufacturers?\s*,?\s+and\s+(we\s+)?hold\s+(the\s+)?brand\s+registry",
    re.IGNORECASE,
)

# A message longer than this is hard for an associate to act on: say what is wrong and what you want done.
LONG_MESSAGE = 2000
# casedesk's hard limit for one message (the case page and the timeline show it whole).
MAX_MESSAGE = 6000
MAX_SUBJECT = 250

# {name} placeholders in a template, and the bracketed blanks people leave when they copy an old message.
_PLACEHOLDER = re.compile(r"\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}")
_BRACKET_BLANK = re.compile(r"\[(?:[A-Z][A-Za-z0-9 _/#-]{1,30}|\.\.\.|…|x{2,}|X{2,})\]|\bTODO\b|\bXXX+\b")

# Links and website mentions never go into a message to Amazon: associates' tools strip or flag them.
_URL = re.compile(r"\b(?:https?|ftp)://\S+|\bwww\.\S+", re.IGNORECASE)
_DOMAIN = re.compile(
    r"\b[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9-]+)*"
    r"\.(?:com|net|org|io|co|us|ca|uk|de|fr|it|es|nl|se|pl|be|ie|jp|au|in|mx|br|shop|store|info|biz|ly|me)\b",
    re.IGNORECASE,
)

# What the guided form fills in by itself, and what it asks the person for (the admin lists these).
PLACEHOLDERS = {
    "brand": "the brand's name",
    "asin": "the first ASIN (or, with none, the first UPC/SKU)",
    "asins": "every ASIN, comma-separated",
    "identifier": "the first product identifier (ASIN, UPC or SKU)",
    "identifiers": "every product identifier with its kind, e.g. “UPC 036000291452, SKU NW-TENT-2”",
    "upc": "the first UPC or EAN",
    "sku": "the first SKU",
    "marketplace": "the marketplace, e.g. United States",
    "issue": "the one-line issue from the first step",
    "previous_case_id": "the Case ID this case continues (when reopened)",
    "detail": "asked: which detail is wrong (title, bullet points, images, description)",
    "description": "asked: a detailed description of the problem",
}
# Placeholders the person fills in on the message step (the rest come from earlier steps).
ASKED = {
    "issue": "The issue, in a line (it also goes on the board)",
    "detail": "Which detail is wrong (title, bullet points, images, description…)",
    "description": "Describe the problem in detail: what is shown, what should be shown",
}


@dataclass(frozen=True)
class Check:
    level: str  # ERROR blocks sending; WARNING explains
    code: str
    message: str

    @property
    def is_error(self) -> bool:
        return self.level == ERROR


def has_errors(checks: list[Check]) -> bool:
    return any(c.is_error for c in checks)


def placeholders(text: str) -> list[str]:
    """The {name} placeholders in a template, in order, each once."""
    return list(dict.fromkeys(m.group(1) for m in _PLACEHOLDER.finditer(text or "")))


def fill(text: str, values: dict[str, str]) -> str:
    """Replace {name} with values[name]; a placeholder with no (or an empty) value stays, to be flagged."""

    def replace(match: re.Match) -> str:
        value = values.get(match.group(1))
        return str(value).strip() if value not in (None, "") and str(value).strip() else match.group(0)

    return _PLACEHOLDER.sub(replace, text or "")


def identifier_values(products: list[tuple[str, str]], *, marketplace: str = "", brand: str = "", issue: str = "",
                      previous_case_id: str = "") -> dict[str, str]:
    """The values the form knows by itself for a case's products (kind, value) and earlier answers."""
    asins = [v for k, v in products if k == "asin"]
    upcs = [v for k, v in products if k in ("upc", "ean")]
    skus = [v for k, v in products if k == "sku"]
    first = products[0][1] if products else ""
    return {
        "brand": brand,
        "asin": asins[0] if asins else first,
        "asins": ", ".join(asins),
        "identifier": first,
        "identifiers": ", ".join(f"{k.upper()} {v}" for k, v in products),
        "upc": upcs[0] if upcs else "",
        "sku": skus[0] if skus else "",
        "marketplace": marketplace,
        "issue": issue,
        "previous_case_id": previous_case_id,
    }


def draft(subject_template: str, body_template: str, values: dict[str, str]) -> tuple[str, str]:
    """The subject and body drafted from a case template; unknown or empty placeholders stay visible."""
    return fill(subject_template, values).strip(), fill(body_template, values).strip()


def asked_placeholders(subject_template: str, body_template: str, known: dict[str, str]) -> list[str]:
    """The placeholders the person must fill: in the templates, and not known from the earlier steps."""
    names = placeholders(f"{subject_template}\n{body_template}")
    return [n for n in names if not (known.get(n) or "").strip()]


def _contains(text: str, identifier: str) -> bool:
    return re.search(rf"(?<![A-Za-z0-9]){re.escape(identifier)}(?![A-Za-z0-9])", text, re.IGNORECASE) is not None


def check_message(
    subject: str,
    body: str,
    identifiers: list[str],
    *,
    require_ownership: bool = True,
    max_length: int = MAX_MESSAGE,
    long_length: int = LONG_MESSAGE,
) -> list[Check]:
    """Everything wrong with a message before it goes to Amazon, errors first."""
    subject = (subject or "").strip()
    body = (body or "").strip()
    identifiers = [i for i in (identifiers or []) if i]
    found: list[Check] = []

    if not subject:
        found.append(Check(ERROR, "subject_empty", "Write a subject line: the issue and the ASIN or product identifier."))
    elif len(subject) > MAX_SUBJECT:
        found.append(Check(ERROR, "subject_too_long", f"The subject has {len(subject)} characters; keep it under {MAX_SUBJECT}."))
    if not body:
        found.append(Check(ERROR, "body_empty", "Write the message: the identifiers, what is wrong, and what you want done."))

    if not identifiers:
        found.append(Check(ERROR, "no_identifier", "Add the ASIN (or, for ASIN creation, the UPC or SKU) on the products step."))
    elif body:
        missing = [i for i in identifiers if not _contains(body, i)]
        if len(missing) == len(identifiers):
            found.append(Check(ERROR, "identifier_missing",
                               f"The message does not name the product: put {identifiers[0]} in it."))
        elif missing:
            found.append(Check(WARNING, "identifier_partly_missing",
                               "The message does not name " + ", ".join(missing) + ": add them if they are affected."))
    if subject and identifiers and not any(_contains(subject, i) for i in identifiers):
        found.append(Check(ERROR, "subject_without_identifier",
                           f"The subject must name the product: add {identifiers[0]} to it."))

    if body and require_ownership and not _OWNERSHIP.search(body):
        found.append(Check(ERROR, "ownership_missing",
                           f"Every message says “{OWNERSHIP_SENTENCE}”: add that sentence."))

    both = f"{subject}\n{body}"
    links = list(dict.fromkeys(m.group(0).rstrip(".,;:)") for m in (*_URL.finditer(both), *_DOMAIN.finditer(both))))
    if links:
        found.append(Check(ERROR, "link", "No links or website names in a message to Amazon: remove "
                           + ", ".join(f"“{link}”" for link in links[:3]) + "."))

    blanks = list(dict.fromkeys(m.group(0) for m in (*_PLACEHOLDER.finditer(both), *_BRACKET_BLANK.finditer(both))))
    if blanks:
        found.append(Check(ERROR, "placeholder", "Fill in the blanks: " + ", ".join(blanks) + "."))

    if len(body) > max_length:
        found.append(Check(ERROR, "too_long", f"The message has {len(body):,} characters; the limit is {max_length:,}. "
                           "Keep to the identifiers, what is wrong and what you want done."))
    elif len(body) > long_length:
        found.append(Check(WARNING, "long", f"The message has {len(body):,} characters. Long messages get skimmed: "
                           "keep to the identifiers, what is wrong and what you want done."))

    return sorted(found, key=lambda c: c.level != ERROR)


# --- The case template preview (supervisors edit templates in the admin) ---------------------------------------

SAMPLE_VALUES = {
    "brand": "Northwind Outdoor",
    "marketplace": "United States",
    "previous_case_id": "15728394061",
    "detail": "title",
    "description": "The title shows last year's product name; ours says Trailhead 2 Tent.",
}
SAMPLE_PRODUCTS = {
    "asin": [("asin", "B07XJ8C8F5")],
    "upc": [("upc", "036000291452")],
    "sku": [("sku", "NW-TENT-2")],
}


@dataclass(frozen=True)
class TemplatePreview:
    subject: str
    body: str
    checks: list[Check]
    asked: list[str]  # blanks the person fills in on the message step
    unknown: list[str]  # placeholders casedesk has no description for: asked with their bare name


def preview_template(*, name: str, subject_template: str, body_template: str, identifier_kinds: str = "asin") -> TemplatePreview:
    """A case template drafted with sample values and checked as a real message would be."""
    kinds = [k.strip() for k in (identifier_kinds or "asin").split(",") if k.strip()]
    products = [p for k in kinds for p in SAMPLE_PRODUCTS.get(k, [])] or SAMPLE_PRODUCTS["asin"]
    known = identifier_values(products, marketplace=SAMPLE_VALUES["marketplace"], brand=SAMPLE_VALUES["brand"],
                              issue=name or "Wrong title", previous_case_id=SAMPLE_VALUES["previous_case_id"])
    auto = {k: v for k, v in known.items() if k not in ASKED}
    asked = asked_placeholders(subject_template, body_template, auto)
    names = placeholders(f"{subject_template}\n{body_template}")
    unknown = [n for n in names if n not in PLACEHOLDERS]
    values = {**known, **{k: v for k, v in SAMPLE_VALUES.items() if k in ASKED}}
    # What a person would type into a blank casedesk knows nothing about.
    values.update({n: f"(your {n.replace('_', ' ')})" for n in unknown})
    subject, body = draft(subject_template, body_template, values)
    checks = check_message(subject, body, [v for _, v in products])
    return TemplatePreview(subject=subject, body=body, checks=checks, asked=asked, unknown=unknown)
