import { html } from '../lib/html.js';
import { Screen, Empty } from '../lib/ui.js';

export function Service({ service }) {
  return html`<${Screen} name="service" state="empty" title=${service}><${Empty} title=${service} /><//>`;
}
