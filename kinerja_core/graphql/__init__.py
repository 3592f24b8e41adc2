"""The GraphQL face of the services: types, loaders, queries, mutations, composition."""
