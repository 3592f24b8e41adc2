"""Use cases. Each public function is one transaction, checks access, writes the audit log
and emits events after commit. GraphQL resolvers and the CLI call these, never the models."""
