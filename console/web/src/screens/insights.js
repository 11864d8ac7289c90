// PLACEHOLDER written by FRONT-END-1 so the bundle builds; FRONT-END-2 owns and replaces this file.
import { html } from '../lib/html.js';
import { Screen, Empty } from '../lib/ui.js';

export function Insights() {
  return html`<${Screen} name="insights" state="empty" title="Insights"><${Empty} title="Insights are coming soon" /><//>`;
}
export function Insight({ id }) {
  return html`<${Screen} name="insight" state="empty" title="Insight"><${Empty} title=${`Insight ${id}`} /><//>`;
}
