// Dark / light theme: <html data-theme>, remembered in localStorage; charts listen for the
// 'ophion:theme' window event to re-read their colours.
//
//   applyStoredTheme()  at boot     currentTheme() -> 'dark'|'light'     setTheme('light')
const KEY = 'ophion.theme';

export function currentTheme() {
  return document.documentElement.dataset.theme === 'light' ? 'light' : 'dark';
}

export function applyStoredTheme() {
  let theme = null;
  try { theme = localStorage.getItem(KEY); } catch { /* storage disabled */ }
  if (theme !== 'dark' && theme !== 'light') {
    theme = matchMedia('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
  }
  document.documentElement.dataset.theme = theme;
}

export function setTheme(theme) {
  document.documentElement.dataset.theme = theme;
  try { localStorage.setItem(KEY, theme); } catch { /* storage disabled */ }
  window.dispatchEvent(new Event('ophion:theme'));
}
