// GraphQL over HTTP to the same origin. Every document comes from a .graphql file through
// graphql-codegen (src/gql), so results and variables are typed and the operation is checked
// against schema/schema.graphql at build time.
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
import { lang } from './i18n';
import { signal } from './signal';

/**
 * A generated document (codegen's TypedDocumentString) from either generated module, src/gql or
 * src/gql/kompetensi (codegen.ts): its text, and its result and variables as types.
 */
type Document<TResult, TVariables> = DocumentTypeDecoration<TResult, TVariables> & { toString(): string };

const TOKEN_KEY = 'kinerja.token';

/** The bearer token lives in sessionStorage: gone when the tab closes, not shared with other tabs. */
export const token = signal<string | null>(sessionStorage.getItem(TOKEN_KEY));

export function setToken(value: string | null) {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
  token.set(value);
}

export class ApiError extends Error {
  constructor(
    message: string,
    public code: string,
    public field?: string | null,
  ) {
    super(message);
  }
}

const SIGNED_OUT = new Set(['auth.required', 'auth.expired', 'auth.invalid_token']);

function headers(json: boolean): Record<string, string> {
  const h: Record<string, string> = { 'Accept-Language': lang.get(), Accept: 'application/json' };
  if (json) h['Content-Type'] = 'application/json';
  const tok = token.get();
  if (tok) h.Authorization = `Bearer ${tok}`;
  return h;
}

type Response<T> = { data?: T | null; errors?: { message: string; extensions?: { code?: string } }[] };

function unwrap<T>(body: Response<T>): T {
  if (body.errors?.length) {
    const first = body.errors[0];
    const code = first.extensions?.code ?? 'error';
    if (SIGNED_OUT.has(code) && token.get()) setToken(null);
    throw new ApiError(first.message, code);
  }
  if (!body.data) throw new ApiError('No data', 'error');
  return body.data;
}

export async function request<TResult, TVariables>(
  document: Document<TResult, TVariables>,
  variables?: TVariables,
): Promise<TResult> {
  let res: globalThis.Response;
  try {
    res = await fetch('/graphql', {
      method: 'POST',
      headers: headers(true),
      body: JSON.stringify({ query: document.toString(), variables: variables ?? {} }),
    });
  } catch {
    throw new ApiError('network', 'network');
  }
  const body = (await res.json().catch(() => ({ errors: [{ message: res.statusText }] }))) as Response<TResult>;
  return unwrap(body);
}

/** A plugin panel's operation: a document string from the server, not from our files. */
export async function requestText(query: string, variables: Record<string, unknown>): Promise<unknown> {
  const res = await fetch('/graphql', { method: 'POST', headers: headers(true), body: JSON.stringify({ query, variables }) });
  return unwrap((await res.json()) as Response<unknown>);
}

/**
 * A GraphQL multipart request (the spec of jaydenseric/graphql-multipart-request-spec) sent with
 * XMLHttpRequest, because fetch cannot report upload progress.
 */
export function upload<TResult, TVariables>(
  document: Document<TResult, TVariables>,
  variables: TVariables,
  fileVariable: string,
  file: File,
  onProgress: (fraction: number) => void,
): Promise<TResult> {
  const form = new FormData();
  form.append('operations', JSON.stringify({ query: document.toString(), variables: { ...variables, [fileVariable]: null } }));
  form.append('map', JSON.stringify({ '0': [`variables.${fileVariable}`] }));
  form.append('0', file, file.name);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/graphql');
    for (const [k, v] of Object.entries(headers(false))) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => reject(new ApiError('network', 'network'));
    xhr.onload = () => {
      try {
        resolve(unwrap(JSON.parse(xhr.responseText) as Response<TResult>));
      } catch (e) {
        reject(e instanceof ApiError ? e : new ApiError(xhr.statusText || String(xhr.status), `http.${xhr.status}`));
      }
    };
    xhr.send(form);
  });
}

/** A union result's error member (UserError), if the mutation answered one. */
export type UserErrorLike = { __typename: string; code?: string; message?: string; field?: string | null };

export function userError(result: { __typename: string }): ApiError | null {
  const r = result as UserErrorLike;
  if (typeof r.code === 'string' && typeof r.message === 'string') return new ApiError(r.message, r.code, r.field ?? null);
  return null;
}

/**
 * A file the server makes for a signed-in user (a plugin's report, a certificate): fetched with
 * the bearer token, then saved through a temporary object URL, since a plain link sends no token.
 */
export async function download(url: string, fallbackName: string): Promise<void> {
  let res: globalThis.Response;
  try {
    res = await fetch(url, { headers: headers(false) });
  } catch {
    throw new ApiError('network', 'network');
  }
  if (!res.ok) {
    // the core's download errors: {"error": {"code", "message"}} in the request's language
    const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
    throw new ApiError(body?.error?.message ?? (res.statusText || String(res.status)), body?.error?.code ?? `http.${res.status}`);
  }
  const name = /filename="?([^";]+)"?/.exec(res.headers.get('Content-Disposition') ?? '')?.[1] ?? fallbackName;
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await res.blob());
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
}
