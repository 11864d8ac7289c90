// Any /ui/ path the router does not know.
import { html } from '../lib/html.js';
import { Screen } from '../lib/ui.js';

export function NotFound() {
  return html`<${Screen} name="not-found" state="empty" title="Page not found">
    <div class="empty" role="status">
      <h2>Nothing lives at <code>${location.pathname}</code></h2>
      <p>The link may be mistyped or from a newer version of Ophion.</p>
      <p><a href="/ui/">Go to the overview</a> · <a href="/ui/traces">Search traces</a> ·
        <a href="/ui/logs">Search logs</a></p>
    </div>
  <//>`;
}
