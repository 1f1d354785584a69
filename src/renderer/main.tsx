import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './base.css';
import { App } from './app/App';
import { stampStyleElements } from './lib/csp';
import { prefetch } from './lib/api';

stampStyleElements();
// Start the first screen's requests while the UI code is still evaluating.
prefetch('auth.status', {});
prefetch('dashboard.get', {});

const root = document.getElementById('root');
if (root) createRoot(root).render(<StrictMode><App /></StrictMode>);
