"""The OpenAPI document against the server that serves it. Schemathesis generates requests from
/openapi.json (ones the document allows and ones it forbids), sends them to a live
`ophion serve` with credentials required, and checks every answer against the document: status
codes, content types, headers and bodies, refusal of what the document forbids, 405 for methods
a path does not serve, 401 without a credential. Seeded and bounded (openapi_fuzz/schemathesis.toml);
it must find nothing."""

import os
import subprocess
import sys
from pathlib import Path

from conftest import E2E_DIR, create_key

SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"
SETTINGS = E2E_DIR / "openapi_fuzz"

# API rate limits off: the fuzzer's request rate is not what is under test. The AI engine off:
# what it would find in the fuzzer's data, and when, is not the HTTP contract.
CONFIG = """
limits:
  api_per_ip: {per_second: 0}
  api_per_tenant: {default: {per_second: 0}}
ai:
  enabled: false
"""


def test_the_api_answers_as_its_openapi_document_says(ophion, tmp_path):
    ophion.stop()
    config = tmp_path / "ophion.yaml"
    config.write_text(CONFIG)
    ophion.args = ["--auth", "required", "--config", str(config)]
    ophion.start()
    key = create_key(ophion, "fuzz", "admin")
    env = {**os.environ, "PYTHONPATH": str(SETTINGS)}
    run = subprocess.run(
        [
            str(SCHEMATHESIS),
            "--config-file",
            str(SETTINGS / "schemathesis.toml"),
            "run",
            f"{ophion.api_url}/openapi.json",
            "--header",
            f"Authorization: Bearer {key}",
            "--no-color",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    report = run.stdout[-20000:] + run.stderr[-5000:]
    print(report)
    assert run.returncode == 0, f"Schemathesis found mismatches (exit {run.returncode}):\n{report}"
