import { html } from '../lib/html.js';
import { Screen, Empty } from '../lib/ui.js';

export function Traces() {
  return html`<${Screen} name="traces" state="empty" title="Traces"><${Empty} title="Traces" sdk=${true} /><//>`;
}
