// PLACEHOLDER written by FRONT-END-1 so the bundle builds; FRONT-END-2 owns and replaces this file.
import { html } from '../lib/html.js';
import { Screen, Empty } from '../lib/ui.js';

export function Logs() {
  return html`<${Screen} name="logs" state="empty" title="Logs"><${Empty} title="Logs is coming soon" /><//>`;
}
