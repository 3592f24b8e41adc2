// Typed document strings for every operation in ../schema/operations and src/**/*.graphql, checked against the
// server's schema (../schema/schema.graphql). An operation that does not validate fails
// `npm run codegen` (and so build and typecheck): CI runs it.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: '../schema/schema.graphql',
  documents: ['../schema/operations/*.graphql', 'src/**/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    'src/gql/': {
      preset: 'client',
      config: {
        documentMode: 'string',
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { ID: 'string', Date: 'string', DateTime: 'string', JSON: 'unknown', Upload: 'File', Decimal: 'string' },
      },
      presetConfig: { fragmentMasking: false },
    },
  },
};
export default config;
