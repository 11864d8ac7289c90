"""A Schemathesis check for the JSON metric batch route, loaded through `hooks` in
schemathesis.toml: a request the document forbids must be refused (4xx) or, when the batch is
partly valid, answered 200 with the forbidden measurements counted in `rejected`."""

import schemathesis
from schemathesis import GenerationMode

BATCH = "/api/v1/metrics/ingest/batch"


@schemathesis.check
def forbidden_measurements_are_refused(ctx, response, case):
    if case.operation.path != BATCH or case.meta is None:
        return None
    if case.meta.generation.mode != GenerationMode.NEGATIVE:
        return None
    if 400 <= response.status_code < 500:
        return None
    if response.status_code == 200 and response.json().get("rejected", 0) > 0:
        return None
    raise AssertionError(
        f"a batch the document forbids was answered {response.status_code} without a refused "
        f"measurement: {response.text[:500]}"
    )
