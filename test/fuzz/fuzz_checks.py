# A check for `npm run test:fuzz`: a request the OpenAPI document calls valid must not be refused by the validator.
# The validator marks its own refusals with a `code` on each field error (src/api/route.ts); business rules and
# references to rows that do not exist carry none, and are true answers to well-formed requests.
import ast
import threading

import schemathesis

# CPython 3.11 keeps the AST constructor's recursion depth in state shared by threads (cpython#106905): two workers
# describing a Hypothesis filter at once (ast.parse) can fail with "AST constructor recursion depth mismatch",
# an error of the interpreter, not of the API. One parse at a time.
_parse = ast.parse
_parsing = threading.Lock()


def _serialised_parse(*args, **kwargs):
    with _parsing:
        return _parse(*args, **kwargs)


ast.parse = _serialised_parse

# Rules JSON Schema cannot state, each also described in the document: uniqueness of a key within a list, and
# dependencies between query parameters.
INEXPRESSIBLE = {"array.unique", "object.xor", "object.missing", "object.oxor"}


@schemathesis.check
def validator_accepts_documented_data(ctx, response, case):
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code != 422:
        return None
    try:
        problem = response.json()
    except ValueError:
        raise AssertionError("a 422 answer is not problem+json")
    codes = {e.get("code") for e in problem.get("errors", []) if e.get("code")}
    refused = codes - INEXPRESSIBLE
    if refused:
        raise AssertionError(
            f"the validator refused data the document calls valid ({', '.join(sorted(refused))}): {problem.get('detail')}"
        )
    return None
