// The browser app's entry: one element does it all. Served by `buildClientServer` from the Vite build.
import './ui/chat-app.ts';
