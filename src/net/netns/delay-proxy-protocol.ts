// The one line the delay proxy (delay-proxy-main.ts) prints once it listens:
//   PROXIES {"<peer id>": <port on the namespace's 127.0.0.1>, ...}
export const PROXIES_PREFIX = 'PROXIES ';
