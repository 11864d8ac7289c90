import { html } from '../lib/html.js';
import { Screen, Empty } from '../lib/ui.js';

export function ServiceMap() {
  return html`<${Screen} name="service-map" state="empty" title="Service map"><${Empty} title="Service map" sdk=${true} /><//>`;
}
