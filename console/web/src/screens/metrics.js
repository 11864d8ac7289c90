// PLACEHOLDER written by FRONT-END-1 so the bundle builds; FRONT-END-2 owns and replaces this file.
import { html } from '../lib/html.js';
import { Screen, Empty } from '../lib/ui.js';

export function Metrics() {
  return html`<${Screen} name="metrics" state="empty" title="Metrics"><${Empty} title="Metrics is coming soon" /><//>`;
}
