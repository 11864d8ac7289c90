import { html } from '../lib/html.js';
import { Screen, Empty } from '../lib/ui.js';

export function Overview() {
  return html`<${Screen} name="overview" state="empty" title="Services"><${Empty} title="Services" sdk=${true} /><//>`;
}
