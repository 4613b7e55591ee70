import { render } from 'preact';
import { App } from './App';
import './styles.css';

// A blocked script, style or request is a bug (the CSP is in src-tauri/tauri.conf.json):
// say so on the console, where the browser tests and a developer's devtools see it.
document.addEventListener('securitypolicyviolation', (event) => {
  console.error(`CSP blocked ${event.blockedURI || 'inline code'} (${event.effectiveDirective})`);
});

const root = document.getElementById('app');
if (root) {
  render(<App />, root);
}
