"""Post the requests a browser would send, without a browser (tests and benchmarks).

:func:`dash_request` builds the body of ``/_dash-update-component`` for one callback from the
app's own callback map; :func:`call` posts it through Flask's test client.
"""

from __future__ import annotations

import json
import time


def callback_key(app, first_output: str) -> str:
    """The callback-map key of the callback whose first output is ``first_output``."""
    for key in app.callback_map:
        if key.lstrip(".").startswith(first_output):
            return key
    raise KeyError(first_output)


def dash_request(app, first_output: str, values: dict, changed: list[str]) -> dict:
    """Body of the request for the callback whose first output is ``first_output``.

    ``values`` maps ``"<id>.<property>"`` to the value the browser holds.
    """
    key = callback_key(app, first_output)
    spec = app.callback_map[key]

    def fill(items):
        return [{"id": i["id"], "property": i["property"],
                 "value": values.get(f"{i['id']}.{i['property']}")} for i in items]

    outputs = [{"id": o.split(".")[0], "property": o.split(".")[1]}
               for o in key.strip(".").split("...")]
    return {"output": key, "outputs": outputs if len(outputs) > 1 else outputs[0],
            "inputs": fill(spec["inputs"]), "state": fill(spec.get("state", [])),
            "changedPropIds": changed}


def page_state(pathname: str, indicator: str | None, *, scheme: str = "quantiles", k: int = 5,
               lang: str = "id", text: str | None = None, sort: dict | None = None) -> dict:
    """The values the page's controls hold, keyed like :func:`dash_request` wants them."""
    return {"pd-location.pathname": pathname, "pd-indicator.value": indicator,
            "pd-scheme.value": scheme, "pd-k.value": k, "pd-lang.value": lang,
            "pd-table-filter.value": text,
            "pd-table-sort.data": sort or {"col": "nilai", "desc": True},
            "pd-table-prev.n_clicks": 0, "pd-table-next.n_clicks": 0,
            "pd-table-page.data": 0, "pd-download-button.n_clicks": 1}


def call(client, app, first_output: str, values: dict, changed: list[str]):
    """Post one callback request; returns (parsed response, raw bytes, seconds)."""
    body = dash_request(app, first_output, values, changed)
    t0 = time.perf_counter()
    r = client.post("/_dash-update-component", json=body)
    dt = time.perf_counter() - t0
    if r.status_code == 204:
        return None, b"", dt
    if r.status_code != 200:
        raise RuntimeError(f"{first_output}: HTTP {r.status_code}: {r.data[:300]!r}")
    return json.loads(r.data), r.data, dt
