// Who is signed in: the token (api.ts) and the `me` answer that goes with it.
import { request, setToken, token } from './api';
import { LogoutDocument, MeDocument, type MeFieldsFragment } from './gql/graphql';
import { signal } from './signal';

export const me = signal<MeFieldsFragment | null>(null);
export const sessionReady = signal(false);

export async function loadMe() {
  if (!token.get()) {
    me.set(null);
    sessionReady.set(true);
    return;
  }
  try {
    me.set((await request(MeDocument)).me);
  } catch {
    setToken(null);
    me.set(null);
  }
  sessionReady.set(true);
}

export function signedIn(tok: string, who: MeFieldsFragment) {
  setToken(tok);
  me.set(who);
}

export async function signOut() {
  try {
    await request(LogoutDocument);
  } catch {
    /* the token is dropped either way */
  }
  setToken(null);
  me.set(null);
  location.hash = '#/';
}

token.subscribe((value) => {
  if (!value) me.set(null);
});

export function hasRole(role: string): boolean {
  return me.get()?.roles.includes(role as never) ?? false;
}
