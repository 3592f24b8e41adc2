// Subscriptions over graphql-ws (graphql-transport-ws) at the same origin's /graphql. The
// token and the language go in connection_init (browsers cannot set WebSocket headers); the
// client is created on first use, so pages without live data do not open a socket.
import type { Client } from 'graphql-ws';
import { createClient } from 'graphql-ws';
import { token } from './api';
import type { TypedDocumentString } from './gql/graphql';
import { lang } from './i18n';
import { signal } from './signal';

/** Whether the socket is up (the page marks live sections with it; the e2e tests wait on it). */
export const liveConnected = signal(false);

let client: Client | null = null;
let clientToken: string | null = null;

function getClient(): Client {
  if (client && clientToken === token.get()) return client;
  client?.dispose();
  clientToken = token.get();
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
  const created: Client = createClient({
    url,
    lazy: true,
    keepAlive: 20_000,
    retryAttempts: 5,
    connectionParams: () => ({ authorization: `Bearer ${token.get() ?? ''}`, language: lang.get() }),
    on: {
      connected: () => client === created && liveConnected.set(true),
      closed: () => client === created && liveConnected.set(false),
    },
  });
  client = created;
  return client;
}

token.subscribe((value) => {
  if (!value && client) {
    client.dispose();
    client = null;
    liveConnected.set(false);
  }
});

/** Subscribe; returns the function that stops it (call it from an effect's cleanup). */
export function subscribe<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  onData: (data: TResult) => void,
): () => void {
  return getClient().subscribe<TResult>(
    { query: document.toString(), variables: variables as Record<string, unknown> },
    {
      next: (result) => result.data && onData(result.data as TResult),
      error: (e) => console.warn('subscription', e),
      complete: () => {},
    },
  );
}
