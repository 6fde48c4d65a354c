/// <reference types="vite/client" />
// The component-test page's bundle: every element of src/ui, and the fixtures a test can call in the page.
import * as fixtures from './shell-fixture.ts';

import.meta.glob(['../ui/*.ts', '!../ui/*.test.ts'], { eager: true });
(window as unknown as { fixtures: typeof fixtures }).fixtures = fixtures;
