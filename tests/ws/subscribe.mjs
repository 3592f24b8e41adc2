// The graphql-ws npm client subscribing to a Kinerja server (driven by
// tests/test_subscriptions_node.py).
//
//   node subscribe.mjs <ws-url> <token> <count> <query> [variables-json]
//
// Prints one JSON object per line:
//   {"ready": true}                once the server set the subscription up (see below)
//   {"next": <payload>}            for each result, until <count> of them arrived (exit 0)
//   {"error": ...}                 the operation failed (exit 1)
//   {"closed": code, "reason": s}  the server closed the socket (exit 0)
//
// "ready": right after the client sends `subscribe`, this script sends a protocol `ping` on
// the same socket. The server handles a connection's messages in order and sets each
// subscription up before the next one, so the `pong` means every event committed from now
// on reaches this subscriber.
import { createClient } from "graphql-ws";
import WebSocket from "ws";

const [url, token, countText, query, variablesText] = process.argv.slice(2);
const count = Number(countText);
const variables = variablesText ? JSON.parse(variablesText) : undefined;
const print = (value) => process.stdout.write(JSON.stringify(value) + "\n");

// a safety net only: the Python side waits with its own timeouts
const guard = setTimeout(() => {
  print({ error: "no result within 20 s" });
  process.exit(3);
}, 20000);

class PingAfterSubscribe extends WebSocket {
  send(data, ...rest) {
    super.send(data, ...rest);
    if (JSON.parse(String(data)).type === "subscribe") {
      super.send(JSON.stringify({ type: "ping" }));
    }
  }
}

let ready = false;
const client = createClient({
  url,
  webSocketImpl: PingAfterSubscribe,
  connectionParams: { authorization: `Bearer ${token}` },
  retryAttempts: 0,
  lazy: true,
  on: {
    pong: (received) => {
      if (received && !ready) {
        ready = true;
        print({ ready: true });
      }
    },
    closed: (event) => {
      if (event && event.code !== 1000) {
        print({ closed: event.code, reason: event.reason });
        clearTimeout(guard);
        process.exit(0);
      }
    },
  },
});

let received = 0;
client.subscribe(
  { query, variables },
  {
    next: (payload) => {
      print({ next: payload });
      received += 1;
      if (received >= count) {
        clearTimeout(guard);
        client.dispose();
        process.exit(0);
      }
    },
    error: (error) => {
      // a CloseEvent is reported by `closed` above; anything else is an operation error
      if (error && typeof error.code === "number" && "reason" in error) return;
      print({ error: Array.isArray(error) ? error : String(error) });
      clearTimeout(guard);
      process.exit(1);
    },
    complete: () => {
      print({ complete: true });
      clearTimeout(guard);
      process.exit(0);
    },
  },
);
