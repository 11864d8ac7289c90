// PLACEHOLDER written by FRONT-END-1 so the bundle builds; FRONT-END-2 owns and replaces this file.
import { html } from '../lib/html.js';
import { Screen, Empty } from '../lib/ui.js';

export function Dashboards() {
  return html`<${Screen} name="dashboards" state="empty" title="Dashboards"><${Empty} title="Dashboards are coming soon" /><//>`;
}
export function Dashboard({ id }) {
  return html`<${Screen} name="dashboard" state="empty" title="Dashboard"><${Empty} title=${`Dashboard ${id}`} /><//>`;
}
