#!/usr/bin/env python3
"""Validates FHIR resources independently of the Rust code that wrote them.

Usage: validate-fhir.py FILE...   (each FILE one JSON resource, or NDJSON:
one resource per line). Exits 1 naming the file, line and problem.

Structure, types and unknown fields: the fhir.resources models (R4B, which
matches R4 for every resource we write; there is no pure-R4 release of
fhir.resources 8). Those models do not check required value-set bindings
(gender "bloke" passes), so this script checks the required bindings of
every coded element we use (REQUIRED below), and that every urn:uuid
reference inside a Bundle points at one of its entries. See docs/fhir.md.
"""
import json
import sys

from fhir.resources.R4B import get_fhir_model_class

# Required bindings (FHIR R4), by resource type and path: the allowed codes.
REQUIRED = {
    "Bundle": {
        "type": {"document", "message", "transaction", "transaction-response", "batch",
                 "batch-response", "history", "searchset", "collection"},
        "entry.request.method": {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"},
    },
    "Patient": {
        "gender": {"male", "female", "other", "unknown"},
        "name.use": {"usual", "official", "temp", "nickname", "anonymous", "old", "maiden"},
        "telecom.system": {"phone", "fax", "email", "pager", "url", "sms", "other"},
        "telecom.use": {"home", "work", "temp", "old", "mobile"},
        "identifier.use": {"usual", "official", "temp", "secondary", "old"},
        "address.use": {"home", "work", "temp", "old", "billing"},
    },
    "Questionnaire": {
        "status": {"draft", "active", "retired", "unknown"},
        "item.type": {"group", "display", "boolean", "decimal", "integer", "date", "dateTime",
                      "time", "string", "text", "url", "choice", "open-choice", "attachment",
                      "reference", "quantity"},
    },
    "QuestionnaireResponse": {
        "status": {"in-progress", "completed", "amended", "entered-in-error", "stopped"},
    },
    "Observation": {
        "status": {"registered", "preliminary", "final", "amended", "corrected", "cancelled",
                   "entered-in-error", "unknown"},
    },
    "ServiceRequest": {
        "status": {"draft", "active", "on-hold", "revoked", "completed", "entered-in-error",
                   "unknown"},
        "intent": {"proposal", "plan", "directive", "order", "original-order", "reflex-order",
                   "filler-order", "instance-order", "option"},
        "priority": {"routine", "urgent", "asap", "stat"},
    },
    "Flag": {"status": {"active", "inactive", "entered-in-error"}},
    "Consent": {
        "status": {"draft", "proposed", "active", "rejected", "inactive", "entered-in-error"},
        "provision.type": {"deny", "permit"},
    },
    "Practitioner": {"name.use": {"usual", "official", "temp", "nickname", "anonymous", "old",
                                  "maiden"}},
}


def values_at(node, path):
    """Every value at a dotted path, through lists (item.type reaches nested items too)."""
    head, _, rest = path.partition(".")
    nodes = node if isinstance(node, list) else [node]
    found = []
    for n in nodes:
        if not isinstance(n, dict) or head not in n:
            continue
        if rest:
            found += values_at(n[head], rest)
            if head == "item":  # Questionnaire items nest
                found += values_at(n[head], path)
        else:
            found += n[head] if isinstance(n[head], list) else [n[head]]
    return found


def binding_problems(resource):
    problems = []
    kind = resource.get("resourceType")
    for path, allowed in REQUIRED.get(kind, {}).items():
        for value in values_at(resource, path):
            if value not in allowed:
                problems.append(f"{kind}.{path}: {value!r} is not in the required value set")
    if kind == "Bundle":
        full_urls = {e.get("fullUrl") for e in resource.get("entry", [])}
        for entry in resource.get("entry", []):
            problems += binding_problems(entry.get("resource", {}))
            for ref in references(entry.get("resource", {})):
                if ref.startswith("urn:uuid:") and ref not in full_urls:
                    problems.append(f"{ref} is referenced but no entry has that fullUrl")
    return problems


def references(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "reference" and isinstance(value, str):
                yield value
            else:
                yield from references(value)
    elif isinstance(node, list):
        for value in node:
            yield from references(value)


def check(resource):
    """The problems with one resource, as strings (none when valid)."""
    if not isinstance(resource, dict) or "resourceType" not in resource:
        return ["not a FHIR resource (no resourceType)"]
    try:
        model = get_fhir_model_class(resource["resourceType"])
    except Exception as e:  # an unknown resource type
        return [f"unknown resourceType {resource['resourceType']!r}: {e}"]
    try:
        model.model_validate(resource)
    except Exception as e:
        return [str(e).replace("\n", " | ")]
    return binding_problems(resource)


def main(paths):
    if not paths:
        print(__doc__, file=sys.stderr)
        return 2
    failed = False
    for path in paths:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        # One resource (pretty or not) is one JSON value; NDJSON is one per line.
        try:
            json.loads(text)
            lines = [text]
        except json.JSONDecodeError:
            lines = text.split("\n")
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                resource = json.loads(line)
            except json.JSONDecodeError as e:
                problems = [f"not JSON: {e}"]
            else:
                problems = check(resource)
            for problem in problems:
                failed = True
                print(f"{path}:{number}: {problem}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
