import { html } from '../lib/html.js';
import { Screen, Empty } from '../lib/ui.js';

export function Trace({ traceId }) {
  return html`<${Screen} name="trace" state="empty" title="Trace"><${Empty} title=${traceId} /><//>`;
}
