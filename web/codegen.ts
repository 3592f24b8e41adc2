// Typed document strings for every operation in ../schema/operations and src/**/*.graphql, checked against the
// server's schema (../schema/schema.graphql). An operation that does not validate fails
// `npm run codegen` (and so build and typecheck): CI runs it.
import type { CodegenConfig } from '@graphql-codegen/cli';

const KOMPETENSI = ['src/graphql/kompetensi.graphql', '../schema/operations/kompetensi_city_summary.graphql'];
const output = {
  preset: 'client' as const,
  config: {
    documentMode: 'string',
    enumsAsTypes: true,
    useTypeImports: true,
    scalars: { ID: 'string', Date: 'string', DateTime: 'string', JSON: 'unknown', Upload: 'File', Decimal: 'string' },
  },
  presetConfig: { fragmentMasking: false },
};

const config: CodegenConfig = {
  schema: '../schema/schema.graphql',
  documents: ['../schema/operations/*.graphql', 'src/**/*.graphql'],
  ignoreNoDocuments: false,
  hooks: {
    // Codegen writes `export const XDocument = new TypedDocumentString(...)`; a bundler keeps a
    // `new` it cannot prove free of side effects, so every document would land in the first
    // page's bundle. /*#__PURE__*/ lets Vite drop unused ones and split the rest by page.
    beforeOneFileWrite: (_path: string, content: string) =>
      content.replace(/= new TypedDocumentString\(/g, '= /*#__PURE__*/ new TypedDocumentString('),
  },
  generates: {
    'src/gql/': { ...output, documents: ['../schema/operations/*.graphql', 'src/**/*.graphql', ...KOMPETENSI.map((f) => `!${f}`)] },
    // The competency pages' operations in a module of their own: the pages are lazy chunks, and
    // a document in src/gql/graphql.ts lands in the first page's bundle (docs/web-app.md, Size).
    'src/gql/kompetensi/': { ...output, documents: KOMPETENSI },
  },
};
export default config;
