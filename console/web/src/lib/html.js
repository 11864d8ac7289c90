// Templates without a compile step: html`<div class=${c}>${child}</div>` (htm bound to Preact),
// plus the Preact pieces every screen needs, so screens import from one place.
//
//   import { html, useState, useEffect, useMemo, useRef, useCallback } from '../lib/html.js';
import { h, Fragment, render } from 'preact';
import htm from 'htm';

export const html = htm.bind(h);
export { h, Fragment, render };
export { useState, useEffect, useLayoutEffect, useMemo, useRef, useCallback, useReducer } from 'preact/hooks';
